import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Wait until the element with this test id shows, and return its text. */
export async function visibleText(page: Page, testId: string, timeout = 10_000): Promise<string> {
  const locator = page.getByTestId(testId);
  await locator.first().waitFor({ state: 'visible', timeout });
  return (await locator.first().textContent())?.trim() ?? '';
}

/** Poll how many elements carry this test id until it matches. */
export async function expectCount(page: Page, testId: string, count: number, timeout = 10_000): Promise<void> {
  await expect.poll(() => page.getByTestId(testId).count(), { timeout }).toBe(count);
}

/** Poll an attribute of the element with this test id until it matches. */
export async function expectAttribute(page: Page, testId: string, name: string, value: string, timeout = 10_000) {
  await expect.poll(() => page.getByTestId(testId).first().getAttribute(name), { timeout }).toBe(value);
}

/** How many tone windows the Recent strip holds: each chip merges `data-count` repeats of one label. */
export async function historyWindowCount(page: Page): Promise<number> {
  const counts = await page.getByTestId('history-item').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-count') ?? 1)));
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Per caption line: is its time on the first line of its words (floated beside them)? At 360 px a chip read from
 * the words once pushed the time, which sat after the chip, onto a row of its own.
 */
export function captionTimesOnFirstLine(page: Page): Promise<boolean[]> {
  return page.getByTestId('caption-line').evaluateAll((lines) =>
    lines.map((line) => {
      const text = line.querySelector('[data-testid="caption-text"]')!;
      const textBox = text.getBoundingClientRect();
      const time = line.querySelector('[data-testid="caption-time"]')!.getBoundingClientRect();
      const firstLine = parseFloat(getComputedStyle(text).lineHeight);
      return time.top >= textBox.top - 1 && time.bottom <= textBox.top + firstLine + 1;
    }),
  );
}

/**
 * Per caption line with ✓/✗: do they share the row of its tone chip (or, with no chip, of nothing but the name)? A row
 * of their own cost every caption 44 px at 360 px, so one caption filled the log. They may wrap only when the chip
 * leaves no room for them.
 */
export function captionRatingsBesideChip(page: Page): Promise<boolean[]> {
  return page.getByTestId('caption-line').evaluateAll((lines) =>
    lines
      .filter((line) => line.querySelector('[data-testid="correction-up"]'))
      .map((line) => {
        const meta = line.querySelector('[data-testid="correction"]')!.parentElement!.getBoundingClientRect();
        const thumbs = line.querySelector('[data-testid="correction"]')!.getBoundingClientRect();
        const chip = line.querySelector('[data-testid="caption-tone"]')?.getBoundingClientRect();
        if (!chip) return thumbs.top <= meta.top + 1;
        const roomLeft = meta.right - chip.right;
        return (thumbs.top < chip.bottom && thumbs.bottom > chip.top) || roomLeft < thumbs.width + 8;
      }),
  );
}

/** The tone card's ✓/✗ beside its label, not on a row of their own under the label's sentence. */
export function cardRatingsBesideLabel(page: Page): Promise<boolean> {
  return page.getByTestId('now-card').evaluate((card) => {
    const label = card.querySelector('[data-testid="now-label"]')!.getBoundingClientRect();
    const up = card.querySelector('[data-testid="correction-up"]')!.getBoundingClientRect();
    const subtext = card.querySelector('[data-testid="now-subtext"]')!.getBoundingClientRect();
    return up.left > label.right && up.top < label.bottom && up.bottom > label.top && up.top < subtext.top;
  }, undefined, { timeout: 5_000 });
}
