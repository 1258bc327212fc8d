import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { makeRingbackThenSpeechWav } from './support/call-audio.js';
import { expectAttribute, visibleText } from './support/locators.js';

describe('call states in the browser', () => {
  let app: LinnetPage;
  let page: Page;

  beforeAll(async () => {
    app = await openLinnetPage({
      fakeMicrophoneWav: makeRingbackThenSpeechWav(SPEECH_WAV),
      // navigator.vibrate needs a user gesture and real hardware; record the calls instead.
      initScript: () => {
      const calls: unknown[] = [];
      (window as unknown as { __vibrations: unknown[] }).__vibrations = calls;
      navigator.vibrate = (pattern: VibratePattern) => {
        calls.push(pattern);
        return true;
      };
      },
    });
    page = app.page;
  });

  afterAll(() => app?.close());

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
    expect(app.consoleErrors).toEqual([]);
  });
});
