/**
 * Issue 13 in the browser: two STORE=redis instances behind a balancer, the page's mic streaming into the first.
 * The first dies (SIGKILL); the page's audio socket reopens by itself through the balancer, lands on the second, and
 * the same session goes on there, without the user touching anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import type { ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { seriousAxeViolations } from './support/axe.js';
import { failoverBalancer, type Balancer } from './support/balancer.js';
import { expectAttribute, expectCount, historyWindowCount } from './support/locators.js';
import { startLinnet, type LinnetServer } from './support/server.js';

const PHONE = { width: 390, height: 844 };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A throwaway redis-server on loopback that writes nothing to disk. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const deadline = Date.now() + 5_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const probe = new Socket();
      probe.once('connect', () => (probe.destroy(), resolve(true)));
      probe.once('error', () => resolve(false));
      probe.connect(port, '127.0.0.1');
    });
    if (open) return child;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function windowsAnalysed(server: LinnetServer): Promise<number> {
  const body = (await (await fetch(`${server.url}/metrics`)).json()) as { audio?: { windowsAnalysed?: number } };
  return body.audio?.windowsAnalysed ?? 0;
}

// The first instance's sockets are cut: the browser logs the failed connections, which is the behaviour under test.
const isExpectedWhileFailingOver = (message: ConsoleMessage) =>
  /ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|Failed to fetch|WebSocket connection/.test(message.text());

describe('audio failover: the mic goes on through another instance when the one it streamed into dies', () => {
  let redis: ChildProcess | undefined;
  let app: LinnetPage | undefined;
  let second: LinnetServer | undefined;
  let balancer: Balancer | undefined;

  beforeAll(async () => {
    const redisPort = await freePort();
    redis = await startRedis(redisPort);
    const env = { STORE: 'redis', REDIS_URL: `redis://127.0.0.1:${redisPort}` };
    app = await openLinnetPage({ viewport: PHONE, env, fakeMicrophoneWav: SPEECH_WAV, isExpectedConsoleError: isExpectedWhileFailingOver });
    second = await startLinnet(env);
    balancer = await failoverBalancer([app.linnet.port, second.port]);
  });
  afterAll(async () => {
    // Not app.close(): its server was killed by the test (stop() waits for an exit that already happened).
    await app?.browser.close();
    expect(app?.cspViolations ?? []).toEqual([]);
    await second?.stop();
    await balancer?.close();
    redis?.kill('SIGKILL');
  });

  it('reconnects the audio socket by itself and the same session keeps being heard on the other instance', async () => {
    const { page } = app!;
    await page.goto(balancer!.url);
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    const id = await page.getByTestId('status-indicator').getAttribute('data-session-id');
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await expect.poll(() => historyWindowCount(page), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await windowsAnalysed(second!)).toBe(0);

    // Every state the mic control goes through from here: it must never turn off (the user would have to turn it on).
    await page.evaluate(() => {
      const toggle = document.querySelector('[data-testid="mic-toggle"]')!;
      const states: string[] = [];
      (window as unknown as { micStates: string[] }).micStates = states;
      new MutationObserver(() => states.push(toggle.getAttribute('data-state') ?? '')).observe(toggle, { attributes: true, attributeFilter: ['data-state'] });
    });
    await app!.linnet.crash();
    // What the page says while it fails over, sampled as it goes.
    const said = new Set<string>();
    await expect
      .poll(
        async () => {
          const notice = page.getByTestId('connection-notice');
          if (await notice.isVisible()) said.add((await notice.textContent())?.trim() ?? '');
          return windowsAnalysed(second!);
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBeGreaterThan(2);
    await expectAttribute(page, 'status-indicator', 'data-status', 'live', 20_000);
    expect(await page.getByTestId('status-indicator').getAttribute('data-session-id')).toBe(id);
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await expectCount(page, 'error-message', 0);
    expect(await page.evaluate(() => (window as unknown as { micStates: string[] }).micStates)).not.toContain('off');
    console.log(`audio failover: the page said ${JSON.stringify([...said])}`);
    expect([...said].some((text) => text === 'Reconnected' || text.startsWith('Back in touch with Linnet'))).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
