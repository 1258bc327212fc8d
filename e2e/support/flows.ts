import type { ConsoleMessage, Page } from 'playwright-core';

/**
 * End the running conversation as a user does: End, confirm if asked (it asks once something was shown), then leave
 * the summary with New conversation if one is shown. Resolves on the start screen.
 */
export async function endConversation(page: Page): Promise<void> {
  await page.getByTestId('end-button').click();
  const next = page.getByTestId('end-confirm-confirm').or(page.getByTestId('start-button')).or(page.getByTestId('summary'));
  await next.first().waitFor();
  if (await page.getByTestId('end-confirm-confirm').isVisible()) await page.getByTestId('end-confirm-confirm').click();
  await page.getByTestId('new-conversation').or(page.getByTestId('start-button')).first().waitFor();
  if (await page.getByTestId('new-conversation').isVisible()) await page.getByTestId('new-conversation').click();
  await page.getByTestId('start-button').waitFor();
}

/**
 * The one 404 ending a conversation may log: the start screen asking whether the ended session still exists, to offer
 * its export. For `isExpectedConsoleError`.
 */
export const isEndedSessionCheck = (message: ConsoleMessage): boolean =>
  message.text().includes('status of 404') && /\/session\/[A-Za-z0-9_-]+$/.test(message.location().url);

