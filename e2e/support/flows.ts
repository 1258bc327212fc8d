import type { Page } from 'playwright-core';

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
