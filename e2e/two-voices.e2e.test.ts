import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './support/axe.js';
import { expectAttribute } from './support/locators.js';
import { saveScreenshot } from './support/screenshots.js';
import { makeTwoVoicesWav } from './support/speech.js';
import { useLinnetPage } from './support/suite.js';

const CALL_WAV = makeTwoVoicesWav();

describe('a speakerphone call: the user near the microphone and the other party on the line', () => {
  const suite = useLinnetPage({ fakeMicrophoneWav: CALL_WAV });
  afterAll(() => rmSync(dirname(CALL_WAV), { recursive: true, force: true }));

  it('labels each voice as its own and names it on the tone card and in the captions once both have spoken', async () => {
    const { page } = suite;
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    // The card shows no name while one voice has been labelled, then the name of whichever voice the label is for.
    const names = new Set<string>();
    let unnamedLabels = 0;
    let screenshotTaken = false;
    await expect
      .poll(
        async () => {
          const card = page.getByTestId('now-card');
          if (!(await card.isVisible())) return names.size;
          const speaker = page.getByTestId('now-speaker');
          if (await speaker.isVisible()) {
            names.add((await speaker.textContent())?.trim() ?? '');
            if (!screenshotTaken) {
              await saveScreenshot(page, 'two-voices');
              screenshotTaken = true;
            }
          } else if (names.size === 0) unnamedLabels++;
          return names.size;
        },
        { timeout: 100_000, interval: 250 },
      )
      .toBe(2);
    expect([...names].sort()).toEqual(['Speaker A', 'Speaker B']);
    // The near voice was labelled alone first, without a name.
    expect(unnamedLabels).toBeGreaterThan(0);
    // Captions name their speaker too, by the voice that said them.
    await expect
      .poll(async () => new Set(await page.getByTestId('caption-speaker').allTextContents()).size, { timeout: 30_000, interval: 250 })
      .toBe(2);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
