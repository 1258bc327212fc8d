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
