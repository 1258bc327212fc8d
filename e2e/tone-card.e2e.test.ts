import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SPEECH_WAV } from './support/app.js';
import { seriousAxeViolations } from './support/axe.js';
import { cuttableLink, type CuttableLink } from './support/proxy.js';
import { saveScreenshot } from './support/screenshots.js';
import { expectAttribute, expectCount, visibleText } from './support/locators.js';
import { useLinnetPage } from './support/suite.js';

/** How a ✓/✗ button on the tone card looks and how big a target it is. */
async function thumb(page: Page, testId: string) {
  return page.getByTestId('now-card').getByTestId(testId).evaluate((button) => {
    const style = getComputedStyle(button);
    const box = button.getBoundingClientRect();
    const sentence = getComputedStyle(document.querySelector('[data-testid="now-subtext"]')!);
    return {
      width: box.width,
      height: box.height,
      background: style.backgroundColor,
      border: style.borderTopColor,
      color: style.color,
      glyphToSentence: parseFloat(style.fontSize) / parseFloat(sentence.fontSize),
      name: button.getAttribute('aria-label'),
    };
  });
}

describe('the live tone card', () => {
  const suite = useLinnetPage();

  it('keeps its ✓/✗ quiet (no box, muted, small) while they stay 44 px targets with names', async () => {
    const { page } = suite;
    await page.getByTestId('first-sample-button').click();
    await expectAttribute(page, 'sample-button', 'data-state', 'on', 15_000);
    await visibleText(page, 'now-label', 30_000);
    await page.getByTestId('now-card').getByTestId('correction-up').waitFor();
    const label = await visibleText(page, 'now-label');
    const muted = await page.evaluate(() => {
      // The palette's muted text colour, as the browser resolves it.
      const probe = document.createElement('span');
      probe.style.color = 'var(--muted)';
      document.body.append(probe);
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    });
    for (const testId of ['correction-up', 'correction-down']) {
      const look = await thumb(page, testId);
      expect(look.width, testId).toBeGreaterThanOrEqual(44);
      expect(look.height, testId).toBeGreaterThanOrEqual(44);
      expect(look, testId).toMatchObject({ background: 'rgba(0, 0, 0, 0)', border: 'rgba(0, 0, 0, 0)', color: muted });
      // A glyph smaller than the card's own sentence, not something to read first.
      expect(look.glyphToSentence, testId).toBeLessThan(1);
      expect(look.name, testId).toMatch(/^(Right|Wrong): /);
    }
    expect(label.length).toBeGreaterThan(0);
    await saveScreenshot(page, 'running');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // ✗ opens the picker in the card, full width, focus on a choice; the panels scroll, never the page itself (the page
    // once did, leaving a blank band under the controls).
    const card = page.getByTestId('now-card');
    await card.getByTestId('correction-down').click();
    const picker = card.getByTestId('correction-picker');
    await picker.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    expect((await picker.boundingBox())!.width).toBeGreaterThan((await card.boundingBox())!.width * 0.8);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
  });
});

/** What the tone card showed, each time its label, trend or freshness changed (recorded in the page, so none is missed). */
interface CardShown {
  label: string;
  trend: string | null;
  /** Lines of text the trend took on screen. */
  trendLines: number;
  /** The card's height in CSS pixels. */
  height: number;
  freshness: string | null;
}

describe('the first label of a session', () => {
  const suite = useLinnetPage();

  it("carries no trend line (a voice's first label has nothing to be a trend against), while later labels do", async () => {
    const { page } = suite;
    await page.evaluate(() => {
      const shown: CardShown[] = [];
      (window as unknown as { cardShown: CardShown[] }).cardShown = shown;
      new MutationObserver(() => {
        const card = document.querySelector('[data-testid="now-card"]');
        const label = card?.querySelector('[data-testid="now-label"]')?.textContent?.trim();
        if (!card || !label) return;
        const meaning = card.querySelector('[data-testid="shift-meaning"]');
        const range = document.createRange();
        if (meaning) range.selectNodeContents(meaning);
        const trendLines = meaning ? new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size : 0;
        const now = { label, trend: meaning?.textContent?.trim() ?? null, trendLines, height: Math.round(card.getBoundingClientRect().height), freshness: card.getAttribute('data-freshness') };
        const last = shown.at(-1);
        if (!last || last.label !== now.label || last.trend !== now.trend || last.freshness !== now.freshness || last.height !== now.height) shown.push(now);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.getByTestId('first-sample-button').click();
    await expectAttribute(page, 'sample-button', 'data-state', 'on', 15_000);
    await visibleText(page, 'now-label', 30_000);
    // The sample's later lines are further from the first line's voice ("Trend: away from their usual voice", from its
    // 10th window): wait for a trend to be shown, so the first label's empty trend is not merely a card that never shows one.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { cardShown: CardShown[] }).cardShown.some((shown) => shown.trend !== null)), { timeout: 30_000 })
      .toBe(true);
    const shown = await page.evaluate(() => (window as unknown as { cardShown: CardShown[] }).cardShown);
    expect(shown[0]).toMatchObject({ trend: null, freshness: 'fresh' });
    expect(shown.find((entry) => entry.trend !== null)?.trend).toMatch(/^Trend: (away from|back to) their usual voice$/);
    // The card keeps its height while the label changes (a label or sentence that wrapped moved the captions under it):
    // fresh cards without a trend are one height, whatever their label.
    const plain = shown.filter((entry) => entry.trend === null && entry.freshness === 'fresh');
    expect(new Set(plain.map((entry) => entry.label)).size).toBeGreaterThan(1);
    expect(new Set(plain.map((entry) => entry.height)).size, JSON.stringify(plain)).toBe(1);
    // One line at 360 px: a trend that wrapped moved the caption log by a line whenever it came and went.
    expect(shown.filter((entry) => entry.trend !== null).map((entry) => entry.trendLines)).toEqual(shown.filter((entry) => entry.trend !== null).map(() => 1));
    // Only a fresh label carries a trend.
    expect(shown.filter((entry) => entry.trend !== null).every((entry) => entry.freshness === 'fresh')).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});

/** Console errors that are the behaviour under test while the link to the server is cut. */
let linkCut = false;
const isExpectedWhileCut = (message: ConsoleMessage) =>
  linkCut && /ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|Failed to fetch|WebSocket connection/.test(message.text());

describe('the tone card while the server is out of reach', () => {
  const suite = useLinnetPage({ fakeMicrophoneWav: SPEECH_WAV, isExpectedConsoleError: isExpectedWhileCut });
  let link: CuttableLink | undefined;

  it('pauses the label the moment "Reconnecting…" shows, says so, and is live again with the next label once back', async () => {
    const { app, page } = suite;
    // The page reaches the server through a link the test can cut, so the server and the session live on.
    link = await cuttableLink(app.linnet.port);
    await page.goto(link.url);
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await expectAttribute(page, 'now-card', 'data-freshness', 'fresh', 30_000);
    const label = await visibleText(page, 'now-label');

    // What the polite live region says from here on, with the connection state at that moment.
    await page.evaluate(() => {
      const said: { text: string; status: string | null }[] = [];
      (window as unknown as { politeSaid: typeof said }).politeSaid = said;
      let last = '';
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="live-polite"]')?.textContent?.trim() ?? '';
        if (text && text !== last) said.push({ text, status: document.querySelector('[data-testid="status-indicator"]')?.getAttribute('data-status') ?? null });
        last = text;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    linkCut = true;
    await link.cut();
    await expectAttribute(page, 'status-indicator', 'data-status', 'reconnecting', 15_000);
    // Read in one go, as the screen is at that moment: the line says "Reconnecting…" and the card is already paused.
    const screen = await page.evaluate(() => {
      const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null;
      const card = document.querySelector('[data-testid="now-card"]');
      return {
        status: text('status-indicator'),
        freshness: card?.getAttribute('data-freshness'),
        paused: text('now-paused'),
        age: text('now-age'),
        trend: text('shift-meaning'),
        // What a screen reader meets first in the card.
        first: card?.querySelector('p')?.textContent?.trim(),
        labelColour: getComputedStyle(card!.querySelector('[data-testid="now-label"]')!).color,
        subtextColour: getComputedStyle(card!.querySelector('[data-testid="now-subtext"]')!).color,
      };
    });
    const muted = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--muted)';
      document.body.append(probe);
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    });
    expect(screen).toMatchObject({ status: 'Reconnecting…', freshness: 'paused', paused: 'Paused while reconnecting', trend: null, first: 'Paused while reconnecting' });
    expect(screen.age).toMatch(/^heard \d+ s ago$/);
    expect([screen.labelColour, screen.subtextColour]).toEqual([muted, muted]);
    expect(await visibleText(page, 'now-label')).toBe(label);
    await expectAttribute(page, 'connection-notice', 'data-state', 'unreachable', 15_000);
    await saveScreenshot(page, 'tone-paused-360x640');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await link.restore();
    await page.getByTestId('connection-retry').click({ timeout: 2_000 }).catch(() => undefined);
    await expectAttribute(page, 'status-indicator', 'data-status', 'live', 20_000);
    linkCut = false;
    // The mic's audio flows again once its own socket reopens (its backoff can outlast the outage): then labels heard
    // after the outage arrive and the card is live again.
    await expect.poll(async () => (await page.getByTestId('status-indicator').textContent())?.trim(), { timeout: 30_000 }).toMatch(/^(Listening|Someone is speaking|Quiet)$/);
    await expectAttribute(page, 'now-card', 'data-freshness', 'fresh', 30_000);
    await expectCount(page, 'now-paused', 0);
    await expectCount(page, 'now-age', 0);
    await saveScreenshot(page, 'tone-back-360x640');
    // Heard while out of reach: the one sentence that the server is away, nothing about the paused card or its age.
    const said = await page.evaluate(() => (window as unknown as { politeSaid: { text: string; status: string | null }[] }).politeSaid);
    expect(said.filter((entry) => entry.status === 'reconnecting').map((entry) => entry.text)).toEqual(['Can’t reach Linnet — trying again.']);
    await link.close();
    expect(app.consoleErrors).toEqual([]);
  });
});
