import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where screenshots go: `.e2e-artifacts/screens` (git-ignored), so a test run, CI's included, never
 * rewrites the committed pictures. LINNET_SCREENSHOTS=docs/screens (relative to the repository root,
 * or an absolute path) asks for the docs copies instead; E2E_SCREENSHOTS, its older name, still works.
 */
export const SCREENSHOT_DIR = screenshotDir(process.env.LINNET_SCREENSHOTS ?? process.env.E2E_SCREENSHOTS);

function screenshotDir(asked: string | undefined): string {
  if (!asked) return join(REPO_ROOT, '.e2e-artifacts', 'screens');
  return isAbsolute(asked) ? asked : resolve(REPO_ROOT, asked);
}

/** Saves the page as it is now as `<name>.png` and returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
