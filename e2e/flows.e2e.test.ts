import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { axeViolations } from './support/axe.js';
import { saveScreenshot } from './support/screenshots.js';
import { expectAttribute, expectCount, visibleText } from './support/locators.js';
import { cuttableLink } from './support/proxy.js';
import { startLinnet, type LinnetServer } from './support/server.js';
import { setPageVisibility } from './support/visibility.js';

const PHONE = { width: 360, height: 640 };

/** Fails on axe violations of serious or critical impact; lesser ones are printed to be fixed, not hidden. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length) console.warn(`axe (${state}), minor:`, JSON.stringify(minor));
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), state).toEqual([]);
}

/** Console errors that are the behaviour under test while the server is away or the session is gone. */
let serverAway = false;
const isExpectedWhileAway = (message: ConsoleMessage) =>
  serverAway && (/ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|status of 404|Failed to fetch|WebSocket connection/.test(message.text()));

describe('flows: first screen, labels screen, end and summary, install, offline shell', () => {
  let app: LinnetPage;
  let page: Page;

  beforeAll(async () => {
    serverAway = false;
    app = await openLinnetPage({ viewport: PHONE, isExpectedConsoleError: isExpectedWhileAway });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('offers Start and Try a sample on the first screen, and passes axe', async () => {
    await visibleText(page, 'start-button');
    expect(await visibleText(page, 'first-sample-button')).toBe('Try a sample');
    await expectCount(page, 'offline-notice', 0);
    await saveScreenshot(page, 'start');
    await expectAccessible(page, 'start');
  });

  it('explains every label and call state, with how reliable each is, from the first screen', async () => {
    await page.getByTestId('labels-open-settings').click();
    await visibleText(page, 'labels-screen');
    expect(await page.getByTestId('labels-tone').count()).toBe(8);
    expect(await page.getByTestId('labels-call').count()).toBe(7);
    expect(await visibleText(page, 'labels-screen')).toContain('89 of 96');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('labels-heading');
    await saveScreenshot(page, 'labels');
    await expectAccessible(page, 'labels');
    await page.getByTestId('labels-back').click();
    await visibleText(page, 'start-button');
  });

  it('serves an install manifest with real icons and registers a service worker that keeps no API or audio', async () => {
    const served = await fetch(`${app.linnet.url}/manifest.webmanifest`);
    expect(served.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = await served.json();
    expect(manifest).toMatchObject({ short_name: 'Linnet', display: 'standalone', start_url: '/', scope: '/' });
    for (const icon of manifest.icons.filter((i: { type: string }) => i.type === 'image/png')) {
      const bytes = Buffer.from(await (await fetch(`${app.linnet.url}${icon.src}`)).arrayBuffer());
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      const [width, height] = icon.sizes.split('x').map(Number);
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([width, height]);
    }
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const names = await caches.keys();
      const kept = (await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)))).flat();
      return { script: registration.active?.scriptURL ?? '', names, kept };
    });
    expect(worker.script).toBe(`${app.linnet.url}/sw.js`);
    expect(worker.names).toHaveLength(1);
    expect(worker.names[0]).toMatch(/^linnet-shell-[0-9a-f]{12}$/);
    expect(worker.kept).toContain('/index.html');
    expect(worker.kept.filter((path) => /^\/(session|health|metrics)|\.wav$/.test(path))).toEqual([]);
    // The cache is keyed by the build: the id in /sw.js names it.
    const sw = await (await fetch(`${app.linnet.url}/sw.js`)).text();
    expect(sw).toContain(`'${worker.names[0]!.slice('linnet-shell-'.length)}'`);
  });

  it('starts a sample from the first screen, asks before End throws anything away, and leaves a summary', async () => {
    await page.getByTestId('first-sample-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await expectAttribute(page, 'sample-button', 'data-state', 'on');
    await visibleText(page, 'now-label', 20_000);
    await saveScreenshot(page, 'running');

    await page.getByTestId('labels-open').click();
    await visibleText(page, 'labels-screen');
    await page.getByTestId('labels-back').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');

    await page.getByTestId('end-button').click();
    await visibleText(page, 'end-confirm');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('end-confirm-cancel');
    await saveScreenshot(page, 'end-confirm');
    await expectAccessible(page, 'end-confirm');
    await page.getByTestId('end-confirm-cancel').click();
    await expectCount(page, 'end-confirm', 0);
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');

    // Let the sample finish so the timeline holds the whole recording.
    await expectAttribute(page, 'sample-button', 'data-state', 'off', 30_000);
    await page.getByTestId('end-button').click();
    await page.getByTestId('end-confirm-confirm').click();
    expect(await visibleText(page, 'summary-reason')).toBe('You ended this conversation.');
    const timeline = await page.getByTestId('summary-timeline-item').allTextContents();
    expect(timeline.length).toBeGreaterThan(0);
    expect(timeline.every((line) => /^\d\d:\d\d\S/.test(line.trim()))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('summary-heading');
    await saveScreenshot(page, 'summary');
    await expectAccessible(page, 'summary');

    const download = page.waitForEvent('download');
    await page.getByTestId('summary-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^linnet-[\d-]+\.md$/);
    const markdown = readFileSync((await file.path())!, 'utf8');
    expect(markdown).toContain('# Linnet conversation');
    expect(markdown).toContain(timeline[0]!.trim().slice(0, 5));
    expect(await visibleText(page, 'summary-export-message')).toBe('Summary saved to your downloads.');

    await page.getByTestId('new-conversation').click();
    await visibleText(page, 'start-button');
    await expectCount(page, 'summary', 0);
  });

  it('opens its shell from the service worker when the server is gone, and says so truthfully', async () => {
    serverAway = true;
    expect(await app.linnet.stop()).toBe(0);
    await page.reload();
    await visibleText(page, 'start-button');
    await expectAttribute(page, 'offline-notice', 'data-state', 'serverAway');
    expect(await visibleText(page, 'offline-notice')).toBe(
      'Can’t reach Linnet’s server right now, so a conversation cannot start. Try again once it is back.',
    );
    await saveScreenshot(page, 'offline');
    await expectAccessible(page, 'offline');
    await page.getByTestId('start-button').click();
    // One message on the start screen, not two.
    expect(await visibleText(page, 'error-message')).toMatch(/^Can't reach Linnet's server\./);
    await expectCount(page, 'offline-notice', 0);
    await saveScreenshot(page, 'start-error');
    await expectAccessible(page, 'start-error');
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('flows: live mic through a hidden page, the sample question, a crash and a shutdown', () => {
  const TTL_S = 3;
  let app: LinnetPage;
  let page: Page;
  let restarted: LinnetServer | null = null;

  beforeAll(async () => {
    serverAway = false;
    app = await openLinnetPage({
      viewport: PHONE,
      env: { SESSION_IDLE_TTL_S: String(TTL_S), SSE_HEARTBEAT_S: '1' },
      fakeMicrophoneWav: SPEECH_WAV,
      isExpectedConsoleError: isExpectedWhileAway,
    });
    page = app.page;
  });
  afterAll(async () => {
    await app?.browser.close();
    await restarted?.stop();
  });

  async function sessionStatus(url: string, id: string): Promise<number> {
    return (await fetch(`${url}/session/${id}`)).status;
  }

  it('keeps a session alive past the idle TTL while the page is hidden and the mic streams', async () => {
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    const id = (await page.getByTestId('status-indicator').getAttribute('data-session-id'))!;
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await visibleText(page, 'now-label', 20_000);

    await setPageVisibility(page, 'hidden');
    // Three TTLs hidden (the reaper looks every TTL/2): without live audio counting, it would be reaped by now.
    const hiddenUntil = Date.now() + 3 * TTL_S * 1000;
    while (Date.now() < hiddenUntil) {
      expect(await sessionStatus(app.linnet.url, id)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await setPageVisibility(page, 'visible');
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    expect(await page.getByTestId('status-indicator').getAttribute('data-session-id')).toBe(id);
    await expectCount(page, 'expired-notice', 0);
  });

  it('asks before the sample replaces a live mic, and keeps the mic when the user says so', async () => {
    await page.getByTestId('sample-button').click();
    await visibleText(page, 'sample-confirm');
    expect(await visibleText(page, 'sample-confirm')).toContain('plays a recorded stranger’s voice aloud');
    await saveScreenshot(page, 'sample-confirm');
    await expectAccessible(page, 'sample-confirm');
    await page.getByTestId('sample-confirm-cancel').click();
    await expectCount(page, 'sample-confirm', 0);
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await expectAttribute(page, 'sample-button', 'data-state', 'off');
  });

  it('says "Can’t reach Linnet — trying again" with when after a crash, then one true message when it is back', async () => {
    serverAway = true;
    await app.linnet.crash();
    await expectAttribute(page, 'connection-notice', 'data-state', 'unreachable', 15_000);
    expect(await visibleText(page, 'connection-notice')).toContain('Can’t reach Linnet — trying again');
    expect(await visibleText(page, 'connection-next-try')).toMatch(/^(Next try in \d+ s|Trying now…)$/);
    // The mic's "turn it on again" cannot help while the server is away: not shown.
    await expectCount(page, 'error-message', 0);
    await saveScreenshot(page, 'unreachable');
    await expectAccessible(page, 'unreachable');

    restarted = await startLinnet({ SESSION_IDLE_TTL_S: String(TTL_S), SSE_HEARTBEAT_S: '1' }, { port: app.linnet.port });
    // Try now, unless the page's own next attempt got there first.
    await page.getByTestId('connection-retry').click({ timeout: 2_000 }).catch(() => undefined);
    // The restarted server never knew the session (it lived in the old process's memory): the summary says so, once.
    expect(await visibleText(page, 'expired-notice', 20_000)).toBe(
      'Linnet’s server restarted while it was out of reach, and this conversation did not survive it.',
    );
    await expectCount(page, 'connection-notice', 0);
    await expectCount(page, 'error-message', 0);
    await expectCount(page, 'summary-reason', 0);
    expect(await page.getByTestId('summary-timeline-item').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'gone-after-restart');
    await expectAccessible(page, 'gone-after-restart');
  });

  it('ends in a truthful summary when the server shuts down (SIGTERM) mid-conversation', async () => {
    await page.getByTestId('new-conversation').click();
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('mic-toggle').click();
    await visibleText(page, 'now-label', 20_000);
    expect(await restarted!.stop()).toBe(0);
    restarted = null;
    expect(await visibleText(page, 'summary-reason')).toBe('Linnet’s server shut down, which ended this conversation.');
    await expectCount(page, 'error-message', 0);
    await expectCount(page, 'connection-notice', 0);
    await saveScreenshot(page, 'shutdown');
    await expectAccessible(page, 'shutdown');
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('flows: the installed app updates itself when a new build is served', () => {
  const builtWeb = fileURLToPath(new URL('../apps/web/dist', import.meta.url));
  let dist = '';
  let app: LinnetPage | undefined;

  afterAll(async () => {
    await app?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('replaces the kept shell with the new build’s, keyed by the build id, on the next open', async () => {
    // A copy of the build the test can change, served as the web app.
    dist = mkdtempSync(join(tmpdir(), 'linnet-web-'));
    cpSync(builtWeb, dist, { recursive: true });
    app = await openLinnetPage({ viewport: PHONE, env: { WEB_DIST_DIR: dist } });
    const { page } = app;
    const cachesNow = () => page.evaluate(async () => (await caches.keys()).sort());
    await page.evaluate(() => navigator.serviceWorker.ready);
    const [first] = await cachesNow();
    const oldId = first!.slice('linnet-shell-'.length);

    // What a rebuild with changed assets serves: the same worker with a new build id.
    const swPath = join(dist, 'sw.js');
    writeFileSync(swPath, readFileSync(swPath, 'utf8').replace(`const BUILD = '${oldId}';`, "const BUILD = 'feedc0ffee00';"));
    await page.reload();
    await expect.poll(cachesNow, { timeout: 20_000 }).toEqual(['linnet-shell-feedc0ffee00']);
    await visibleText(page, 'start-button');
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('flows: the server is out of reach for a while and comes back with the session', () => {
  let app: LinnetPage | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it('says "Can’t reach Linnet — trying again", then one line when it is back, and the mic listens on', async () => {
    serverAway = true;
    app = await openLinnetPage({ viewport: PHONE, fakeMicrophoneWav: SPEECH_WAV, isExpectedConsoleError: isExpectedWhileAway });
    // The page reaches the server through a link the test can cut, so the server (and the session) live on.
    const link = await cuttableLink(app.linnet.port);
    const { page } = app;
    await page.goto(link.url);
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    const id = (await page.getByTestId('status-indicator').getAttribute('data-session-id'))!;
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');

    await link.cut();
    await expectAttribute(page, 'connection-notice', 'data-state', 'unreachable', 15_000);
    await expectCount(page, 'error-message', 0);
    await link.restore();
    await page.getByTestId('connection-retry').click({ timeout: 2_000 }).catch(() => undefined);

    await expectAttribute(page, 'connection-notice', 'data-state', 'back', 20_000);
    // The audio socket reopened by itself (lib/audio-reconnect.ts: about 15 s of backoff, longer than this outage),
    // so the mic never stopped and there is nothing to restart: the one line says the server is back.
    expect(await visibleText(page, 'connection-notice')).toBe('Back in touch with Linnet.');
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    expect(await page.getByTestId('status-indicator').getAttribute('data-session-id')).toBe(id);
    await expectCount(page, 'error-message', 0);
    await expectCount(page, 'expired-notice', 0);
    await saveScreenshot(page, 'back');
    await expectAccessible(page, 'back');
    await link.close();
  });
});
