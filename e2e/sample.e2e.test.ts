import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TONE_LABELS } from '@linnet/shared';
import { openLinnetPage, type LinnetPage } from './support/app.js';
import { expectAttribute, visibleText } from './support/locators.js';

describe('"Try a sample" without a microphone', () => {
  let app: LinnetPage;
  let page: Page;

  beforeAll(async () => {
    // No fake device and no microphone permission: the user has not allowed the mic.
    app = await openLinnetPage({ viewport: { width: 360, height: 640 } });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('streams the bundled recording through the audio socket and shows real labels', async () => {
    const audioSocket = page.waitForEvent('websocket', (ws) => /\/session\/[A-Za-z0-9_-]+\/audio$/.test(ws.url()));
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('sample-button').click();
    const socket = await audioSocket;
    let framesSent = 0;
    socket.on('framesent', (frame) => {
      if (typeof frame.payload !== 'string') framesSent++;
    });

    const label = await visibleText(page, 'now-label', 20_000);
    expect(TONE_LABELS.some((known) => label.includes(known))).toBe(true);
    expect(framesSent).toBeGreaterThan(5);
    expect(await page.getByTestId('history-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('error-message').count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
