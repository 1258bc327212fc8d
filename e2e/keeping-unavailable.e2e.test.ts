import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './support/axe.js';
import { endConversation } from './support/flows.js';
import { expectAttribute, visibleText } from './support/locators.js';
import { withoutSqliteDriver } from './support/server.js';
import { saveScreenshot } from './support/screenshots.js';
import { useLinnetPage } from './support/suite.js';

/** What settings say on this server, where the ✓/✗ would be refused (503 keeping_unavailable). */
const UNAVAILABLE_LINE = 'This Linnet server cannot store corrections, so labels and captions have no ✓ or ✗.';
/** pocketsphinx on a busy two-core machine: the first caption of the sample may take a while. */
const CAPTIONS_TIMEOUT_MS = 60_000;

// A server whose SQLite driver did not install (the real built server, its better-sqlite3 import failing as a missing
// package does): the first screen must not offer what the server will refuse.
describe('the first screen on a server that cannot keep transcripts (360x640)', () => {
  const suite = useLinnetPage({
    env: withoutSqliteDriver(),
    initScript: () => {
      // A user who turned keeping on (on another server): the preference is stored before the app runs.
      if (localStorage.getItem('linnet.keep') === null) localStorage.setItem('linnet.keep', 'true');
      // And gave corrections there: this server stores none, so no count saying they are "stored on this server".
      if (localStorage.getItem('linnet.correctionsGiven') === null) localStorage.setItem('linnet.correctionsGiven', '2');
      // Counts the page's own /health requests (the offline notice and the switch share one).
      const counted = window as unknown as { healthRequests: number };
      counted.healthRequests = 0;
      const pageFetch = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (new URL(url, location.href).pathname === '/health') counted.healthRequests++;
        return pageFetch(input, init);
      };
    },
  });

  it('shows "Keep a transcript" off and disabled, saying why, and no History, after one /health request, and passes axe', async () => {
    const { page } = suite;
    const keep = page.getByTestId('keep-toggle');
    await expect.poll(() => keep.isDisabled()).toBe(true);
    expect(await keep.isChecked()).toBe(false);
    expect(await page.locator('label.switch', { has: keep }).locator('small').textContent()).toBe('This Linnet server cannot keep transcripts.');
    expect(await page.evaluate(() => (window as unknown as { healthRequests: number }).healthRequests)).toBe(1);
    expect(await page.getByTestId('offline-notice').count()).toBe(0);
    // Nor a History entry: every History route answers 503 keeping_unavailable here.
    expect(await page.getByTestId('history-open').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'keeping-unavailable-360');
    // The user's preference stays for a server that can keep.
    expect(await page.evaluate(() => localStorage.getItem('linnet.keep'))).toBe('true');
  });

  it('says in More settings that corrections cannot be stored, instead of a count of corrections "stored on this server"', async () => {
    const { page } = suite;
    await page.getByTestId('more-settings').locator('summary').click();
    expect(await visibleText(page, 'corrections-unavailable')).toBe(UNAVAILABLE_LINE);
    expect(await page.getByTestId('corrections-given').count()).toBe(0);
    expect(await page.getByTestId('learning').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('corrections-unavailable').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'corrections-unavailable-start-360');
    await page.getByTestId('more-settings').locator('summary').click();
  });

  it('starts a session that asks for no keeping, instead of failing with keeping_unavailable', async () => {
    const { page } = suite;
    const started = page.waitForResponse((r) => r.url().endsWith('/session/start') && r.request().method() === 'POST');
    await page.getByTestId('start-button').click();
    const response = await started;
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).not.toHaveProperty('keep');
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    expect(await page.getByTestId('error-message').count()).toBe(0);
    expect(await page.getByTestId('keeping-note').count()).toBe(0);
    await endConversation(page);
    expect(await page.getByTestId('keep-toggle').isDisabled()).toBe(true);
    expect(await visibleText(page, 'start-button')).toBe('Start session');
  });

  it('offers no ✓/✗ on the live label or the captions of a session, and its settings say why', async () => {
    const { page } = suite;
    const learningRequests: string[] = [];
    page.on('request', (request) => {
      if (/\/(corrections|learning)$/.test(new URL(request.url()).pathname)) learningRequests.push(request.url());
    });
    await page.getByTestId('first-sample-button').click();
    await expectAttribute(page, 'sample-button', 'data-state', 'on', 15_000);
    await visibleText(page, 'now-label', 30_000);
    // A caption line too (pocketsphinx), so the check covers the log's ✓/✗ and not only the card's.
    await page.getByTestId('caption-line').first().waitFor({ state: 'visible', timeout: CAPTIONS_TIMEOUT_MS });
    expect(await page.getByTestId('correction').count()).toBe(0);
    expect(await page.getByTestId('correction-up').count()).toBe(0);
    expect(await page.getByTestId('correction-down').count()).toBe(0);
    await page.getByTestId('settings-button').click();
    await page.getByTestId('session-settings').waitFor({ state: 'visible' });
    expect(await visibleText(page, 'corrections-unavailable')).toBe(UNAVAILABLE_LINE);
    expect(await page.getByTestId('corrections-given').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'corrections-unavailable-running-360');
    await page.getByTestId('settings-button').click();
    // Nothing was asked of routes that can only answer 503 here.
    expect(learningRequests).toEqual([]);
    await endConversation(page);
    await visibleText(page, 'start-button');
  });

  it('logged no console errors', () => {
    expect(suite.app.consoleErrors).toEqual([]);
  });
});
