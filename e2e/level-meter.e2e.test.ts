import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { axeViolations } from './support/axe.js';
import { expectAttribute } from './support/locators.js';

/** The meter as a reader sees it: the value it announces, and how much of the bar is filled (0..1). */
async function meter(page: Page) {
  return page.getByTestId('level-meter').evaluate((bar) => {
    const fill = bar.firstElementChild!.getBoundingClientRect().width / bar.getBoundingClientRect().width;
    return { value: Number(bar.getAttribute('aria-valuenow')), fill: Math.round(fill * 100) / 100 };
  });
}

describe('level meter', () => {
  let app: LinnetPage;
  let page: Page;

  beforeAll(async () => {
    app = await openLinnetPage({
      viewport: { width: 360, height: 640 },
      fakeMicrophoneWav: SPEECH_WAV,
      isExpectedConsoleError: (message) => /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|Failed to fetch|WebSocket connection/.test(message.text()),
    });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('moves while the mic streams and reads empty once the mic is stopped', async () => {
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await expect.poll(async () => (await meter(page)).fill, { timeout: 10_000 }).toBeGreaterThan(0.1);
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'off');
    await expect.poll(() => meter(page), { timeout: 2_000 }).toEqual({ value: 0, fill: 0 });
  });

  it('reads empty on the unreachable-server screen, where nothing is sent', async () => {
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await expect.poll(async () => (await meter(page)).fill, { timeout: 10_000 }).toBeGreaterThan(0.1);
    await app.linnet.crash();
    await expectAttribute(page, 'connection-notice', 'data-state', 'unreachable', 15_000);
    // The mic stays on while its audio socket reopens by itself (lib/audio-reconnect.ts, about 15 s of backoff) and
    // goes off once every attempt failed; either way no frame is sent, so the meter reads empty throughout.
    // Not just once: it stays empty while the page keeps trying to reach the server.
    for (let check = 0; check < 5; check++) {
      expect(await meter(page)).toEqual({ value: 0, fill: 0 });
      await page.waitForTimeout(400);
    }
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});
