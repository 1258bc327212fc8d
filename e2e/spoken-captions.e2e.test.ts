import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionResponseSchema, TONE_LABELS } from '@linnet/shared';
import { openLinnetPage, type LinnetPage } from './support/app.js';
import { axeViolations } from './support/axe.js';
import { captionRatingsBesideChip, captionTimesOnFirstLine, expectAttribute, visibleText } from './support/locators.js';
import { CAPTION_SENTENCES, makeSpokenSentencesWav } from './support/speech.js';

// The fake microphone loops about 8.5 s of speech; the first captions take a loop or two to arrive on two shared cores.
const CAPTIONS_TIMEOUT_MS = 45_000;

/** Content words of each sentence that appear in the text, by sentence. */
const wordsHeard = (text: string) => {
  const said = new Set(text.toLowerCase().split(/[^a-z']+/));
  return CAPTION_SENTENCES.map((sentence) => sentence.contentWords.filter((word) => said.has(word)));
};
// pocketsphinx may miss a word of a sentence; two of each sentence's content words show the speech was understood.
const heardEnough = (text: string) => wordsHeard(text).every((words) => words.length >= 2);

const toneLabelPattern = TONE_LABELS.join('|');

// The full path a caller relies on: browser microphone → audio socket → pocketsphinx and the tone engine → the page.
describe('spoken captions from the microphone', () => {
  let app: LinnetPage;
  let page: Page;
  let sessionId = '';
  let speech = '';

  beforeAll(async () => {
    speech = makeSpokenSentencesWav(CAPTION_SENTENCES.map((sentence) => sentence.text));
    app = await openLinnetPage({ fakeMicrophoneWav: speech, viewport: { width: 360, height: 640 } });
    page = app.page;
  });

  afterAll(async () => {
    expect(await app?.close()).toBe(0);
    if (speech) rmSync(dirname(speech), { recursive: true, force: true });
  });

  it('captions what was said in the role=log region, with tone chips and session times, and passes axe', async () => {
    const started = page.waitForResponse((r) => r.url().endsWith('/session/start') && r.request().method() === 'POST');
    await page.getByTestId('start-button').click();
    ({ session_id: sessionId } = SessionResponseSchema.parse(await (await started).json()));
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');

    const log = page.getByRole('log', { name: 'Captions' });
    await expect
      .poll(async () => heardEnough((await log.getByTestId('caption-text').allTextContents()).join(' ')), {
        timeout: CAPTIONS_TIMEOUT_MS,
        interval: 500,
      })
      .toBe(true);
    // Words are matched per sentence above; a tone can trail its words by a window, so it gets its own wait.
    await expect.poll(() => log.getByTestId('caption-tone').count(), { timeout: 15_000, interval: 500 }).toBeGreaterThan(0);
    expect(await page.getByTestId('captions-empty').count()).toBe(0);

    const lines = log.getByTestId('caption-line');
    const times: string[] = [];
    for (const line of await lines.all()) {
      expect((await line.getByTestId('caption-text').textContent())?.trim()).toMatch(/^[a-z' ]+$/);
      times.push((await line.getByTestId('caption-time').textContent())?.trim() ?? '');
      expect(await line.getByTestId('caption-time').getAttribute('datetime')).toMatch(/^PT\d+S$/);
    }
    expect(await captionTimesOnFirstLine(page)).toEqual(times.map(() => true));
    const rated = await captionRatingsBesideChip(page);
    expect(rated.length).toBeGreaterThan(0);
    expect(rated).toEqual(rated.map(() => true));
    // Session times (mm:ss), oldest caption first.
    for (const time of times) expect(time).toMatch(/^\d\d:\d\d$/);
    expect([...times].sort()).toEqual(times);
    const chip = (await log.getByTestId('caption-tone').first().textContent())?.trim() ?? '';
    expect(chip).toMatch(new RegExp(`^(${toneLabelPattern}), \\S`));
    expect(await axeViolations(page)).toEqual([]);
  });

  it('exports the running session from its settings as Markdown holding the spoken words with their tone', async () => {
    await page.getByRole('button', { name: /Settings/ }).click();
    const download = page.waitForEvent('download', { timeout: 15_000 });
    await page.getByTestId('export-button').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`linnet-session-${sessionId}.md`);
    const markdown = readFileSync((await file.path())!, 'utf8');

    expect(markdown).toMatch(/^# Linnet session, /);
    const captionLines = markdown.split('\n').filter((line) => line.startsWith('- **'));
    expect(heardEnough(captionLines.join(' '))).toBe(true);
    // A caption line with its tone, as the export writes it: `- **00:03** (Calm, fairly sure) the weather is lovely today`.
    expect(captionLines.some((line) => new RegExp(`^- \\*\\*\\d\\d:\\d\\d\\*\\* \\((${toneLabelPattern}), [^)]+\\) [a-z']`).test(line))).toBe(true);
    expect(await visibleText(page, 'export-message')).toBe('Export saved to your downloads.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /Settings/ }).click();
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'off');
  });

  it('logged no console errors', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
