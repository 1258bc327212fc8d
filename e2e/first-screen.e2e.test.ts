import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, type LinnetPage } from './support/app.js';
import { axeViolations } from './support/axe.js';
import { saveScreenshot } from './support/screenshots.js';

/** The phones the issue was tried on, and a phone held sideways. */
const VIEWPORTS = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 640, height: 360 },
];

/** Fails on axe violations of serious or critical impact. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), state).toEqual([]);
}

/**
 * Where the control is and whether a tap at its centre reaches it: inside the viewport as the page first shows (no
 * scrolling), and not covered by anything else.
 */
async function reach(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {
      inside: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
      reachable: hit !== null && element.contains(hit),
      box: { top: Math.round(box.top), bottom: Math.round(box.bottom), height: Math.round(box.height) },
      viewport: { width: innerWidth, height: innerHeight },
    };
  });
}

describe('first screen on a phone', () => {
  let app: LinnetPage;

  beforeAll(async () => {
    app = await openLinnetPage({ viewport: VIEWPORTS[0] });
  });
  afterAll(async () => {
    await app?.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`shows Start session and Try a sample without scrolling at ${viewport.width}x${viewport.height}`, async () => {
      const { page } = app;
      await page.setViewportSize(viewport);
      await page.goto(app.linnet.url);
      await page.getByTestId('start-button').waitFor();
      expect(await page.evaluate(() => scrollY)).toBe(0);
      for (const testId of ['start-button', 'first-sample-button']) {
        const where = await reach(page, testId);
        expect(where, `${testId} at ${viewport.width}x${viewport.height}`).toMatchObject({ inside: true, reachable: true });
        // A real target, not a sliver left on screen.
        expect(where.box.height).toBeGreaterThanOrEqual(44);
      }
      if (viewport.width === 360) await saveScreenshot(page, 'start');
      await expectAccessible(page, `start ${viewport.width}x${viewport.height}`);
    });

    it(`keeps History reachable and the actions on screen with More settings open at ${viewport.width}x${viewport.height}`, async () => {
      const { page } = app;
      await page.setViewportSize(viewport);
      await page.goto(app.linnet.url);
      await page.getByTestId('more-settings').locator('summary').click();
      await page.getByTestId('window-length-1000').waitFor({ state: 'attached' });
      // At the top of the page, History in the header is tappable, not under the controls.
      await page.evaluate(() => scrollTo(0, 0));
      expect(await reach(page, 'history-open'), 'History at the top').toMatchObject({ inside: true, reachable: true });
      expect(await reach(page, 'start-button'), 'Start at the top').toMatchObject({ inside: true, reachable: true });
      // Scrolled to the end of the settings, the last choice is not hidden under the sticky actions.
      await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
      expect(await reach(page, 'first-sample-button'), 'Try a sample at the bottom').toMatchObject({ inside: true, reachable: true });
      const last = page.getByTestId('labels-open-settings');
      await last.scrollIntoViewIfNeeded();
      expect(await reach(page, 'labels-open-settings'), 'the last control above the actions').toMatchObject({ inside: true, reachable: true });
      if (viewport.width === 360) await saveScreenshot(page, 'start-more-settings');
      await expectAccessible(page, `more settings ${viewport.width}x${viewport.height}`);
    });
  }
});
