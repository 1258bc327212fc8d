import { networkInterfaces } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, type LinnetPage } from './support/app.js';
import { seriousAxeViolations } from './support/axe.js';
import { expectAttribute, visibleText } from './support/locators.js';
import { saveScreenshot } from './support/screenshots.js';

/** This machine's first non-loopback IPv4 address: http:// to it is what a phone on the same Wi-Fi opens. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe.skipIf(!lanAddress)('a plain-http page (not a secure context), as a phone opening the computer’s address', () => {
  let app: LinnetPage;
  let page: Page;

  beforeAll(async () => {
    app = await openLinnetPage({ pageHost: lanAddress!, viewport: { width: 360, height: 640 } });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('is not a secure context, so the browser would give no microphone', async () => {
    expect(page.url()).toMatch(/^http:\/\/(?!127\.|localhost)/);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  });

  it('explains what the mic needs where the mic button would be, and still offers the sample', async () => {
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    expect(await page.getByTestId('mic-toggle').count()).toBe(0);
    expect(await visibleText(page, 'mic-unavailable')).toBe(
      'The mic needs a secure page: open Linnet over https, or as localhost on this device. Try a sample meanwhile.',
    );
    expect(await page.getByTestId('sample-button').isEnabled()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'insecure-page-360x640');
  });

  it('logged no console errors', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
