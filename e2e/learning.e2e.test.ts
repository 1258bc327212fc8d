import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DEVICE_KEY_HEADER, KeptSessionSchema, LearningResponseSchema, SessionResponseSchema } from '@linnet/shared';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { streamWavToSession } from './support/audio.js';
import { seriousAxeViolations } from './support/axe.js';
import { saveScreenshot } from './support/screenshots.js';
import { visibleText } from './support/locators.js';

// Labels that learn, as Settings shows them: a kept conversation of the bundled sample (real engine, real SQLite
// file), its tone labels corrected through the API as the History screen would, then read and reset in the app.
describe('labels that learn in Settings (360x640, real SQLite file)', () => {
  let app: LinnetPage;
  let page: Page;
  let dbDir = '';
  let rated = 0;

  // The kept conversation and its corrections belong to this test's own device, as another phone's would;
  // what Linnet learns from them is the installation's, so the page (a device of its own) shows it too.
  const deviceKey = randomBytes(32).toString('base64url');
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${app.linnet.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', [DEVICE_KEY_HEADER]: deviceKey, ...init.headers },
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), 'linnet-learning-e2e-'));
    app = await openLinnetPage({ viewport: { width: 360, height: 640 }, env: { LINNET_DB: join(dbDir, 'linnet.db') } });
    page = app.page;
  });

  afterAll(async () => {
    expect(await app?.close()).toBe(0);
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  });

  it('says what Linnet learned from the corrections of a kept conversation, and passes axe', async () => {
    const started = SessionResponseSchema.parse((await api('/session/start', { method: 'POST', body: JSON.stringify({ keep: true }) })).body);
    await streamWavToSession(app.linnet.url, started.session_id, SPEECH_WAV);
    expect((await api(`/session/${started.session_id}/end`, { method: 'DELETE' })).body).toMatchObject({ keep: 'kept' });
    const kept = KeptSessionSchema.parse((await api(`/sessions/${started.session_id}`)).body);
    const tones = kept.events.flatMap(({ id, event }) => (event.event_type === 'tone' ? [{ id, label: event.label }] : [])).slice(0, 12);
    expect(tones.length).toBeGreaterThanOrEqual(10);
    for (const tone of tones) {
      const corrected_label = tone.label === 'Questioning' ? 'Calm' : 'Questioning';
      const answer = await api('/corrections', { method: 'POST', body: JSON.stringify({ session_id: started.session_id, event_id: tone.id, rating: 'down', corrected_label }) });
      expect(answer.status).toBe(201);
    }
    rated = tones.length;
    const learnt = LearningResponseSchema.parse((await api('/learning')).body);
    expect([learnt.corrections, learnt.active]).toEqual([rated, true]);
    expect(learnt.labels.find((row) => row.label === 'Questioning')!.offset).toBeGreaterThan(0);

    await page.reload();
    await page.getByTestId('more-settings').locator('summary').click();
    expect(await visibleText(page, 'learning-count')).toBe(`Linnet has learned from ${rated} of your corrections`);
    expect(await visibleText(page, 'learning-reset')).toBe('Reset');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'learning-settings-360');
  });

  it('asks before it resets, with the safe answer focused; Forget it resets on the server and says so', async () => {
    await page.getByTestId('learning-reset').click();
    await page.getByTestId('learning-reset-confirm').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('learning-reset-confirm-cancel');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('learning-reset-confirm-cancel').click();
    expect(await page.getByTestId('learning-reset-confirm').count()).toBe(0);
    expect((await api('/learning')).body).toMatchObject({ corrections: rated, active: true });

    await page.getByTestId('learning-reset').click();
    const reset = page.waitForResponse((r) => r.url().endsWith('/learning') && r.request().method() === 'DELETE');
    await page.getByTestId('learning-reset-confirm-confirm').click();
    expect((await reset).status()).toBe(200);
    expect(await visibleText(page, 'learning-message')).toBe('Linnet has forgotten what it learned. It learns again from your next corrections.');
    expect(await page.getByTestId('learning-count').count()).toBe(0);
    // Reset is gone with what it reset: focus is on the line saying so, not dropped on <body>.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('learning-message');
    expect((await api('/learning')).body).toMatchObject({ corrections: 0, active: false });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('logged no console errors', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
