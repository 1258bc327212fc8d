import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryResponseSchema, SessionResponseSchema } from '@linnet/shared';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { streamWavToSession } from './support/audio.js';
import type { LinnetServer } from './support/server.js';
import { setPageVisibility } from './support/visibility.js';
import { expectAttribute, expectCount, historyWindowCount, visibleText } from './support/locators.js';
import { recentRuns } from '@linnet/web/recent';
import { HISTORY_MAX_EVENTS, HISTORY_RUNS } from '@linnet/web/session-store';

const TTL_S = 6;

// Chromium logs every 4xx fetch as a console error; the one 404 this flow expects is the
// visibility check finding the reaped session, which is exactly the behaviour under test.
const isExpiredSessionCheck = (message: ConsoleMessage) =>
  message.text().includes('status of 404') && /\/session\/[A-Za-z0-9_-]+$/.test(message.location().url);

describe('session lifecycle in a phone-sized browser', () => {
  let app: LinnetPage;
  let linnet: LinnetServer;
  let page: Page;
  let liveSessionId = '';

  beforeAll(async () => {
    app = await openLinnetPage({
      env: { SESSION_IDLE_TTL_S: String(TTL_S), SSE_HEARTBEAT_S: '2' },
      isExpectedConsoleError: isExpiredSessionCheck,
    });
    ({ linnet, page } = app);
  });

  afterAll(async () => {
    // SIGTERM ends the server gracefully: exit code 0.
    expect(await app?.close()).toBe(0);
  });

  async function startSession(): Promise<string> {
    const started = page.waitForResponse((r) => r.url().endsWith('/session/start') && r.request().method() === 'POST');
    await page.getByTestId('start-button').click();
    const { session_id } = SessionResponseSchema.parse(await (await started).json());
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    return session_id;
  }

  async function serverHistory(id: string) {
    return HistoryResponseSchema.parse(await (await fetch(`${linnet.url}/session/${id}/history`)).json());
  }

  async function sessionState(id: string): Promise<number> {
    return (await fetch(`${linnet.url}/session/${id}`)).status;
  }

  it('keeps the session through a short hide and shows the events sent meanwhile', async () => {
    const id = await startSession();
    liveSessionId = id;
    await setPageVisibility(page, 'hidden');
    const hiddenAt = Date.now();

    await streamWavToSession(linnet.url, id, SPEECH_WAV);
    // An acknowledgement means the frame was accepted: the windows are analysed in a worker
    // thread, so their events follow the last ack by a moment rather than preceding it.
    await expect.poll(async () => (await serverHistory(id)).count, { timeout: 5_000 }).toBeGreaterThan(0);
    // Nothing reaches the page while it is hidden: its stream is closed, not merely muted.
    expect(await page.getByTestId('history-item').count()).toBe(0);
    expect(Date.now() - hiddenAt).toBeLessThan(TTL_S * 1000);

    await setPageVisibility(page, 'visible');
    // The last (partial) window is analysed when the audio socket closes, so compare against the
    // server's history as it stands, until the page shows every tone event the server kept.
    await expect
      .poll(async () => {
        const history = await serverHistory(id);
        const shown = await historyWindowCount(page);
        const label = await visibleText(page, 'now-label');
        const kept = recentRuns(history.events.slice(-HISTORY_MAX_EVENTS), HISTORY_RUNS).reduce((sum, run) => sum + run.count, 0);
        return shown === kept && label.includes(history.events.at(-1)!.label);
      }, { timeout: 10_000 })
      .toBe(true);
    expect(await page.getByTestId('status-indicator').getAttribute('data-status')).toBe('live');
    expect(await sessionState(id)).toBe(200);
  });

  it('shows the calm timed-out notice after a hide longer than the idle TTL', async () => {
    const id = liveSessionId;
    await setPageVisibility(page, 'hidden');
    // The reaper checks every TTL/2, so the session is gone within 1.5 × TTL of the stream closing.
    await expect.poll(() => sessionState(id), { timeout: TTL_S * 2_500, interval: 500 }).toBe(404);
    await setPageVisibility(page, 'visible');

    // What was shown stays, in the summary, with one sentence saying what Linnet knows happened.
    expect(await visibleText(page, 'expired-notice')).toBe(
      'This conversation is no longer on Linnet’s server: it was closed while the app was in the background (no screen and no sound for a while), or the server restarted.',
    );
    expect(await page.getByTestId('summary-timeline-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('error-message').count()).toBe(0);
    await page.getByTestId('new-conversation').click();
    await visibleText(page, 'start-button');
  });

  it('ends a session from the End button and returns to Start', async () => {
    const id = await startSession();
    await expectCount(page, 'expired-notice', 0);
    await page.getByTestId('end-button').click();
    await visibleText(page, 'start-button');
    const after = await fetch(`${linnet.url}/session/${id}`);
    expect(after.status === 404 || SessionResponseSchema.parse(await after.json()).state === 'stopped').toBe(true);
  });

  it('logged no console errors along the way', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
