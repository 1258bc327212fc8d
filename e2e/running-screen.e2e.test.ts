import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { seriousAxeViolations } from './support/axe.js';
import { makeCallWithKeypadWav } from './support/call-audio.js';
import { expectAttribute, historyWindowCount, visibleText } from './support/locators.js';
import { saveScreenshot } from './support/screenshots.js';

interface Spoken {
  polite: { text: string; at: number }[];
  assertive: { text: string; at: number }[];
  vibrations: number;
}

/** Records every live-region text and vibration the page produces, from its first script on. */
function recordAnnouncements(): void {
  const spoken: Spoken = { polite: [], assertive: [], vibrations: 0 };
  (window as unknown as { __spoken: Spoken }).__spoken = spoken;
  navigator.vibrate = () => {
    spoken.vibrations++;
    return true;
  };
  const last: Record<string, string> = { polite: '', assertive: '' };
  new MutationObserver(() => {
    for (const kind of ['polite', 'assertive'] as const) {
      const text = document.querySelector(`[data-testid="live-${kind}"]`)?.textContent?.trim() ?? '';
      if (text && text !== last[kind]) spoken[kind].push({ text, at: performance.now() });
      last[kind] = text;
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: Spoken }).__spoken);

/** The bottom of the End button is on screen: nothing pushed the controls away. */
async function controlsOnScreen(page: Page): Promise<boolean> {
  const box = await page.getByTestId('end-button').boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}

describe('the running screen tells the truth (360x640, a whole phone call on the microphone)', () => {
  let app: LinnetPage;
  let page: Page;

  beforeAll(async () => {
    app = await openLinnetPage({
      fakeMicrophoneWav: makeCallWithKeypadWav(SPEECH_WAV),
      viewport: { width: 360, height: 640 },
      // No captions, so tone labels are what the screen reader hears (captions would carry them otherwise).
      env: { TRANSCRIBER: 'off' },
      initScript: recordAnnouncements,
    });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('start screen: settings pass axe, are remembered across a reload, and say what happens to audio', async () => {
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'start-360x640');
    await page.getByTestId('alert-toggle').check();
    await page.locator('[data-testid="more-settings"] summary').click();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'start-more-settings-360x640');
    await page.getByTestId('announcements-everything').check();
    await page.getByTestId('window-length-1000').check();
    await page.reload();
    await page.getByTestId('start-button').waitFor();
    expect(await page.getByTestId('alert-toggle').isChecked()).toBe(true);
    expect(await page.getByTestId('announcements-everything').isChecked()).toBe(true);
    // Start stays on screen at 360x640 with the choices folded away.
    const start = (await page.getByTestId('start-button').boundingBox())!;
    expect(start.y + start.height).toBeLessThanOrEqual(640);
    expect(await visibleText(page, 'privacy-note')).toBe(
      'Audio is analysed in memory and never recorded. Labels describe whoever is speaking near the microphone.',
    );
  });

  it('ringing: one status line ("Listening", never "Waiting for sound" or "Live"), a Ringing badge, no axe violations', async () => {
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    expect(await visibleText(page, 'status-indicator')).toBe('Not listening');
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'call-state-badge', 'data-state', 'ringback', 16_000);
    expect(await page.getByTestId('status-indicator').count()).toBe(1);
    expect(await visibleText(page, 'status-indicator')).toBe('Listening');
    const screenText = await page.locator('body').innerText();
    expect(screenText).not.toMatch(/Waiting for sound|\bLive\b/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'ringing-360x640');

    await page.getByTestId('settings-button').click();
    await page.getByTestId('session-settings').waitFor({ state: 'visible' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'settings-running-360x640');
    await page.getByTestId('settings-button').click();
  });

  it('answer: the banner fits 360x640 and landscape, passes axe, then stands down by itself when the voice stops', async () => {
    await page.getByTestId('answer-banner').waitFor({ state: 'visible', timeout: 20_000 });
    expect((await spoken(page)).vibrations).toBe(1);
    expect(await controlsOnScreen(page)).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'answered-banner-360x640');
    await page.setViewportSize({ width: 640, height: 360 });
    expect(await controlsOnScreen(page)).toBe(true);
    await saveScreenshot(page, 'answered-banner-640x360');
    await page.setViewportSize({ width: 360, height: 640 });

    // The speech ends and the line goes quiet: the banner goes, a calm line stays.
    await page.getByTestId('answer-banner').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await visibleText(page, 'answered-line')).toMatch(/^Someone answered at \d/);
    expect(await page.getByTestId('live-assertive').textContent()).toBe('');
    expect((await spoken(page)).vibrations).toBe(1);
  });

  it('keypad: the digits read as one running string; the last label dims and says how long ago it was heard', async () => {
    await expect.poll(() => page.getByTestId('keypad-badge').textContent(), { timeout: 20_000 }).toBe('Keypad 1 2 3 4');
    expect(await page.getByTestId('now-card').getAttribute('data-fresh')).toBe('false');
    expect(await visibleText(page, 'now-age')).toMatch(/^heard \d+ s ago$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'keypad-aged-label-360x640');
  });

  it('announces tone labels at most once per 8 s although a label arrives every second', async () => {
    const { polite } = await spoken(page);
    const tones = polite.filter((entry) => !entry.text.startsWith('Call:'));
    expect(tones.length).toBeGreaterThan(0);
    expect(tones.length).toBeLessThan(await historyWindowCount(page));
    for (let i = 1; i < tones.length; i++) expect(tones[i]!.at - tones[i - 1]!.at).toBeGreaterThanOrEqual(7_900);
    expect(polite.map((entry) => entry.text)).toContain('Call: Keypad 1 2 3 4');
  });

  it('a new answer after a real hold alerts again; Dismiss hands focus to the calm line', async () => {
    // The fake microphone loops the call: ringing again for 18 s, then the voice.
    await page.getByTestId('answer-banner').waitFor({ state: 'visible', timeout: 40_000 });
    expect((await spoken(page)).vibrations).toBe(2);
    await page.getByTestId('answer-banner-dismiss').click();
    await page.getByTestId('answer-banner').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('answered-line');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'after-dismiss-360x640');
  });

  it('clears the live label when the mic stops', async () => {
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'off');
    expect(await page.getByTestId('now-label').count()).toBe(0);
    expect(await page.getByTestId('call-state-badge').count()).toBe(0);
    expect(await visibleText(page, 'status-indicator')).toBe('Not listening');
  });

  it('logged no console errors', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
