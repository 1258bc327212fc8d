import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionResponseSchema } from '@linnet/shared';
import { openLinnetPage, type LinnetPage } from './support/app.js';
import { seriousAxeViolations } from './support/axe.js';
import { saveScreenshot } from './support/screenshots.js';
import { expectAttribute, expectCount, visibleText } from './support/locators.js';

// Kept conversations need captions to hold words: the sample is real speech, captioned by the real pocketsphinx.
const CAPTIONS_TIMEOUT_MS = 60_000;

describe('kept conversations and corrections (360x640, real SQLite file)', () => {
  let app: LinnetPage;
  let page: Page;
  let dbDir = '';
  let sessionId = '';
  let firstCaption = '';

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), 'linnet-history-e2e-'));
    app = await openLinnetPage({ viewport: { width: 360, height: 640 }, env: { LINNET_DB: join(dbDir, 'linnet.db') } });
    page = app.page;
  });

  afterAll(async () => {
    expect(await app?.close()).toBe(0);
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  });

  it('keeps a transcript when asked: the switch is remembered, sent as keep, and shown quietly while running', async () => {
    await saveScreenshot(page, 'history-start-360');
    await page.getByTestId('keep-toggle').check();
    expect(await page.evaluate(() => localStorage.getItem('linnet.keep'))).toBe('true');
    const started = page.waitForResponse((r) => r.url().endsWith('/session/start') && r.request().method() === 'POST');
    await page.getByTestId('start-button').click();
    const response = await started;
    expect(response.request().postDataJSON()).toMatchObject({ keep: true });
    const session = SessionResponseSchema.parse(await response.json());
    expect(session.keep).toBe(true);
    sessionId = session.session_id;
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    expect(await visibleText(page, 'keeping-note')).toBe('Keeping a transcript');
  });

  it('captions "Try a sample" and takes a correction of a caption’s tone from the picker below the log, with focus inside it', async () => {
    await page.getByTestId('sample-button').click();
    const line = page.getByTestId('caption-line').first();
    await line.waitFor({ state: 'visible', timeout: CAPTIONS_TIMEOUT_MS });
    firstCaption = (await line.getByTestId('caption-text').textContent())?.trim() ?? '';
    expect(firstCaption.length).toBeGreaterThan(0);

    const down = line.getByTestId('correction-down');
    await down.waitFor({ state: 'visible' });
    expect(await down.getAttribute('aria-label')).toMatch(/^Wrong: /);
    const box = await down.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(box!.height).toBeGreaterThanOrEqual(44);
    const shown = (await down.getAttribute('aria-label'))!.replace(/^Wrong: /, '');
    await down.click();
    // The picker opens below the caption log, outside its live region: opening it is not read out as a caption.
    const picker = page.getByTestId('correction-picker');
    await picker.waitFor({ state: 'visible' });
    expect(await page.getByTestId('caption-log').getByTestId('correction-picker').count()).toBe(0);
    expect(await down.getAttribute('aria-expanded')).toBe('true');
    // Focus moved into the picker, onto a choice of the vocabulary.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'history-picker-360');
    await picker.getByTestId('correction-choice-none').check();
    await picker.getByTestId('correction-note').fill('it was a question');
    const posted = page.waitForResponse((r) => r.url().endsWith('/corrections') && r.request().method() === 'POST');
    await picker.getByTestId('correction-send').click();
    const answer = await posted;
    expect(answer.status()).toBe(201);
    expect(answer.request().postDataJSON()).toMatchObject({ session_id: sessionId, rating: 'down', corrected_label: 'none', note: 'it was a question', share: false });
    // Said by the page's announcer, not added to the log.
    await page.waitForFunction((text) => document.querySelector('[data-testid="live-polite"]')?.textContent === text, `Noted: not ${shown}.`);
    expect(await page.getByTestId('caption-log').getByTestId('correction-message').count()).toBe(0);
    // Focus back on the button that opened the picker.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('correction-down');
  });

  it('ends the session, which the server keeps, and counts the correction in Settings', async () => {
    const ended = page.waitForResponse((r) => r.url().endsWith(`/session/${sessionId}/end`));
    await endConversation(page);
    expect(await (await ended).json()).toMatchObject({ keep: 'kept' });
    await page.getByTestId('start-button').waitFor();
    expect(await page.getByTestId('error-message').count()).toBe(0);
    await page.getByTestId('more-settings').locator('summary').click();
    expect(await visibleText(page, 'corrections-given')).toBe('You have given 1 correction. They are stored on this Linnet server.');
    await page.getByTestId('more-settings').locator('summary').click();
  });

  it('lists the kept conversation in History with its first words, and passes axe', async () => {
    await page.getByTestId('history-open').click();
    await page.getByTestId('history-screen').waitFor();
    await expectCount(page, 'history-item-open', 1);
    const item = page.getByTestId('history-item-open');
    expect(await item.getAttribute('data-open-id')).toBe(sessionId);
    expect((await item.textContent()) ?? '').toContain(firstCaption.slice(0, 20));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'history-list-360');
  });

  it('finds it by a word it holds, and says so plainly when nothing matches', async () => {
    const word = firstCaption.split(/\s+/).find((w) => /^[a-z']{3,}$/i.test(w)) ?? firstCaption;
    await page.getByTestId('history-search').fill(word);
    await page.getByTestId('history-search-button').click();
    await expectCount(page, 'history-item-open', 1);
    await page.getByTestId('history-search').fill('zyxwvq');
    await page.getByTestId('history-search-button').click();
    expect(await visibleText(page, 'history-empty')).toBe('No kept conversation has those words.');
    await page.getByTestId('history-search-clear').click();
    await expectCount(page, 'history-item-open', 1);
  });

  it('opens it: transcript with tone chips, a chart, corrections on each line, and passes axe', async () => {
    await page.getByTestId('history-item-open').click();
    await page.getByTestId('kept-conversation').waitFor();
    expect(await page.getByTestId('kept-conversation').getAttribute('data-session-id')).toBe(sessionId);
    expect(await page.getByTestId('kept-caption').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('kept-caption').first().textContent()).toContain(firstCaption);
    expect(await page.getByTestId('chart-segment').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('kept-caption').first().getByTestId('correction-up').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'history-open-360');
  });

  it('takes a correction of a kept conversation’s caption, counted in Settings with the live one', async () => {
    const caption = page.getByTestId('kept-caption').first();
    const posted = page.waitForResponse((r) => r.url().endsWith('/corrections') && r.request().method() === 'POST');
    await caption.getByTestId('correction-up').click();
    const answer = await posted;
    expect(answer.status()).toBe(201);
    expect(answer.request().postDataJSON()).toMatchObject({ session_id: sessionId, rating: 'up', share: false });
    expect(await answer.json()).toMatchObject({ total: 2 });
    expect(await caption.getByTestId('correction-message').textContent()).toBe('Thanks, noted.');
    expect(await caption.getByTestId('correction-up').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => localStorage.getItem('linnet.correctionsGiven'))).toBe('2');
  });

  it('exports it as Markdown holding the words that were said', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('kept-export-md').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`linnet-conversation-${sessionId}.md`);
    const markdown = readFileSync((await file.path())!, 'utf8');
    expect(markdown).toContain(firstCaption.split(/\s+/)[0]);
    expect(await visibleText(page, 'kept-export-message')).toBe('Export saved to your downloads.');
  });

  it('continues it as a new live session that is kept in its turn', async () => {
    const resumed = page.waitForResponse((r) => r.url().endsWith('/session/resume') && r.request().method() === 'POST');
    await page.getByTestId('kept-resume').click();
    const response = await resumed;
    expect(response.request().postDataJSON()).toEqual({ from: sessionId });
    const session = SessionResponseSchema.parse(await response.json());
    expect(session).toMatchObject({ keep: true, resumed_from: sessionId });
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    expect(await visibleText(page, 'keeping-note')).toBe('Keeping a transcript');
    const ended = page.waitForResponse((r) => r.url().endsWith(`/session/${session.session_id}/end`));
    await endConversation(page);
    expect(await (await ended).json()).toMatchObject({ keep: 'kept' });
    await page.getByTestId('history-open').click();
    await expectCount(page, 'history-item-open', 2);
    // Newest first: the continuation, then the conversation it continued.
    expect(await page.getByTestId('history-item-open').nth(0).getAttribute('data-open-id')).toBe(session.session_id);
    expect(await page.getByTestId('history-item-open').nth(1).getAttribute('data-open-id')).toBe(sessionId);
    await page.getByTestId('history-item-open').nth(1).click();
    await page.getByTestId('kept-conversation').waitFor();
  });

  it('deletes one conversation after a confirmation, leaving the other', async () => {
    await page.getByTestId('kept-delete').click();
    await page.getByTestId('kept-delete-confirm').waitFor();
    // Like every question in the app (ConfirmStrip): the safe answer has focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('kept-delete-confirm-cancel');
    const deleted = page.waitForResponse((r) => r.url().endsWith(`/sessions/${sessionId}`) && r.request().method() === 'DELETE');
    await page.getByTestId('kept-delete-confirm-confirm').click();
    expect((await deleted).status()).toBe(200);
    expect(await visibleText(page, 'history-notice')).toBe('Conversation deleted.');
    await expectCount(page, 'history-item-open', 1);
    expect(await page.getByTestId('history-item-open').getAttribute('data-open-id')).not.toBe(sessionId);
  });

  it('deletes all after a confirmation, and History then says in plain words that it is empty', async () => {
    await page.getByTestId('history-delete-all').click();
    await page.getByTestId('history-delete-all-confirm').waitFor();
    const deleted = page.waitForResponse((r) => r.url().endsWith('/sessions') && r.request().method() === 'DELETE');
    await page.getByTestId('history-delete-all-confirm-confirm').click();
    expect(await (await deleted).json()).toEqual({ deleted: 1 });
    // The app sent the device key it made and remembered: only this device's conversations were deleted.
    const deviceKey = await page.evaluate(() => localStorage.getItem('linnet.deviceKey'));
    expect(deviceKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await deleted).request().headers()['x-linnet-device']).toBe(deviceKey);
    expect(await visibleText(page, 'history-notice')).toBe('1 conversation deleted.');
    expect(await visibleText(page, 'history-empty')).toBe('No kept conversations yet. Turn on “Keep a transcript” before you start one.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const listed = await page.evaluate(async (key) => (await fetch('/sessions', { headers: { 'X-Linnet-Device': key! } })).json(), deviceKey);
    expect(listed).toMatchObject({ count: 0, sessions: [] });
  });

  it('logged no console errors', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});

/**
 * Ends the running conversation the way a person does since the flows work (issue 9): End asks first when there is
 * something to lose, and a conversation with content leaves a summary, whose "New conversation" returns to the start.
 */
async function endConversation(page: Page): Promise<void> {
  await page.getByTestId('end-button').click();
  await page.locator('[data-testid="end-confirm-confirm"], [data-testid="summary"], [data-testid="start-button"]').first().waitFor();
  if (await page.getByTestId('end-confirm-confirm').count()) await page.getByTestId('end-confirm-confirm').click();
  await page.locator('[data-testid="summary"], [data-testid="start-button"]').first().waitFor();
  if (await page.getByTestId('summary').count()) await page.getByTestId('new-conversation').click();
  await page.getByTestId('start-button').waitFor();
}
