import type { Page } from 'playwright-core';

/**
 * Put the page in the Page Visibility state a phone gives it on screen lock or tab switch.
 * Headless Chromium reports every page as visible whatever is in front (minimising the window
 * or activating another tab changes nothing), so the state is set on `document` and the
 * `visibilitychange` event is dispatched as the browser would; everything after that — closing
 * the EventSource, checking the session, reconnecting — is the app's real code on real sockets.
 * @see https://www.w3.org/TR/page-visibility-2/
 */
export async function setPageVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((next) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}
