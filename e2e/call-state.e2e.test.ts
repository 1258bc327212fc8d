import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsoleErrors, launchChromium } from './support/browser.js';
import { makeRingbackThenSpeechWav } from './support/call-audio.js';
import { expectAttribute, visibleText } from './support/locators.js';
import { startLinnet, type LinnetServer } from './support/server.js';

const speechWav = fileURLToPath(new URL('../apps/web/public/sample-speech.wav', import.meta.url));

describe('call states in the browser', () => {
  let linnet: LinnetServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    linnet = await startLinnet();
    browser = await launchChromium({ fakeMicrophoneWav: makeRingbackThenSpeechWav(speechWav) });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, permissions: ['microphone'] });
    page = await context.newPage();
    consoleErrors = collectConsoleErrors(page);
    // navigator.vibrate needs a user gesture and real hardware; record the calls instead.
    await page.addInitScript(() => {
      const calls: unknown[] = [];
      (window as unknown as { __vibrations: unknown[] }).__vibrations = calls;
      navigator.vibrate = (pattern: VibratePattern) => {
        calls.push(pattern);
        return true;
      };
    });
    await page.goto(linnet.url);
  });

  afterAll(async () => {
    await browser?.close();
    await linnet?.stop();
  });

  it('shows "Ringing" during ringback, then alerts when someone answers', async () => {
    await page.getByTestId('alert-toggle').check();
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('mic-toggle').click();

    // Ringback is recognised from its cadence: within two 6 s cycles of the first ring.
    await expectAttribute(page, 'call-state-badge', 'data-state', 'ringback', 16_000);
    expect(await visibleText(page, 'call-state-badge')).toContain('Ringing');
    expect(await page.getByTestId('answer-banner').count()).toBe(0);

    // The ringing stops at 18 s and a person speaks.
    await page.getByTestId('answer-banner').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.getByTestId('live-assertive').textContent()).toMatch(/answer/i);
    expect(await page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length)).toBe(1);

    await page.getByTestId('answer-banner-dismiss').click();
    expect(await page.getByTestId('answer-banner').count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
