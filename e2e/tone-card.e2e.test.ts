import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './support/axe.js';
import { saveScreenshot } from './support/screenshots.js';
import { expectAttribute, visibleText } from './support/locators.js';
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
  });
});
