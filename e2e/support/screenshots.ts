import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where screenshots go: LINNET_SCREENSHOTS, else a folder in the system temp dir (never committed by the suite). */
export const SCREENSHOT_DIR = process.env.LINNET_SCREENSHOTS ?? join(tmpdir(), 'linnet-screens');

/** Saves the page as it is now as `<name>.png` and returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
