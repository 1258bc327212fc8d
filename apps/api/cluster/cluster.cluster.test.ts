/**
 * Issue 13's proof: Redis plus three instances of the built server (`apps/api/dist/server.js`),
 * each a child process on its own port, sharing sessions with STORE=redis. Steps run in order.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav } from '@linnet/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../abuse/support/clients.js';
import { startLimitsServer, type LimitsServer } from '../abuse/support/limits-server.js';
import { streamPcm } from '../src/testing/audio-client.js';
import { startTestRedis, type TestRedis } from '../src/testing/redis-server.js';
import { openSse, type SseTestClient } from '../src/testing/sse-client.js';

const TTL_S = 3;
// Each instance beats every min(5 s, TTL/3) and reaps every TTL/2 (SharedSessions' defaults).
const HEARTBEAT_S = TTL_S / 3;
const REAP_EVERY_S = TTL_S / 2;

/** Real speech from espeak-ng at the wire's 16 kHz mono Int16, about 12 s of it. */
function speech(dir: string): Int16Array {
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, 'speech.wav');
  const text = 'Thanks for calling, I have your appointment details in front of me now. The results came back this morning and everything looks normal to me. Could you tell me which day works best for you next week? I can book the nurse for Tuesday or Thursday afternoon.';
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav]);
  return decodeWav(readFileSync(wav)).samples;
}

const ids = (client: SseTestClient) => client.events().filter((item) => item.id !== undefined).map((item) => item.id!);

/** Polls `check` until it holds; `what` may be a function, to say in the timeout what was seen by then. */
async function until(check: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

async function killHard(server: LimitsServer): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

describe('three instances, one Redis', () => {
  let redis: TestRedis;
  let dir: string;
  let pcm: Int16Array;
  const servers: LimitsServer[] = [];
  const clients: SseTestClient[] = [];
  let a: LimitsServer;
  let b: LimitsServer;
  let c: LimitsServer;

  async function instance(): Promise<LimitsServer> {
    const server = await startLimitsServer({ STORE: 'redis', REDIS_URL: redis.url, SESSION_IDLE_TTL_S: String(TTL_S), MAX_SESSIONS: '2' });
    servers.push(server);
    return server;
  }
  async function subscribe(server: LimitsServer, id: string, headers: Record<string, string> = {}): Promise<SseTestClient> {
    const client = await openSse(`${server.url}/session/${id}/stream`, headers);
    clients.push(client);
    return client;
  }
  const status = async (server: LimitsServer, path: string, init?: RequestInit) => (await fetch(`${server.url}${path}`, init)).status;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-cluster-'));
    pcm = speech(dir);
    redis = await startTestRedis();
    [a, b, c] = await Promise.all([instance(), instance(), instance()]);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => (server.child.exitCode === null && server.child.signalCode === null ? server.stop() : undefined)));
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let main = '';
  let lonely = '';
  let control: SseTestClient;
  let lonelyOnC: SseTestClient;
  let lonelyStartedAt = 0;
  let cDiedAt = 0;

  it('delivers every event once, in order, to a subscriber moved off a killed instance, and resumes audio on another', async () => {
    main = await startSession(a.url);
    // A second session whose only subscriber is on C, for the reaping step.
    lonely = await startSession(a.url);
    lonelyStartedAt = Date.now();
    lonelyOnC = await subscribe(c, lonely);
    control = await subscribe(a, main);
    const moving = await subscribe(b, main);
    const quarter = Math.floor(pcm.length / 4 / 1600) * 1600;
    const half = 2 * quarter;

    // Audio lands on C, which runs the engine and publishes; A and B read the shared log.
    const firstQuarter = streamPcm(c.url, main, pcm.subarray(0, quarter));
    await until(() => ids(moving).length >= 2, 'two events on B');
    await killHard(b);
    const seenOnB = ids(moving);
    await firstQuarter;
    // More audio once B is dead, so there are events B never saw however the first quarter's were timed: on a
    // loaded machine the engine can answer a quarter's windows in one burst that B relayed whole before it died.
    await streamPcm(c.url, main, pcm.subarray(quarter, half));
    await until(
      () => ids(control).length > seenOnB.length,
      () => `events after B died (B saw ${seenOnB.length}: ${seenOnB.join(',')}; A has ${ids(control).join(',')})`,
    );

    const resumed = await subscribe(a, main, { 'Last-Event-ID': String(seenOnB.at(-1)) });
    // Its subscriber on C, alive, keeps `lonely` from A's reaper well past the TTL.
    const heldFor = 2 * TTL_S * 1000 - (Date.now() - lonelyStartedAt);
    if (heldFor > 0) await new Promise((resolve) => setTimeout(resolve, heldFor));
    expect(await status(a, `/session/${lonely}`)).toBe(200);
    expect(lonelyOnC.events().some((item) => item.event === 'session-ended')).toBe(false);
    // C, the audio owner, dies: the client's audio reconnects to A, which starts a fresh engine.
    await killHard(c);
    cDiedAt = Date.now();
    const beforeFailover = ids(control).at(-1)!;
    const secondHalf = await streamPcm(a.url, main, pcm.subarray(half));
    expect(secondHalf.ackedBytes).toEqual(secondHalf.sentBytes);
    await until(() => ids(control).at(-1)! > beforeFailover, 'events from the audio on A');
    const last = ids(control).at(-1)!;
    await until(() => (ids(resumed).at(-1) ?? 0) >= last, 'the moved subscriber to catch up');

    const all = ids(control);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect([...seenOnB, ...ids(resumed)]).toEqual(all);
    expect(resumed.events().some((item) => item.event === 'replay-gap')).toBe(false);
    console.log(`cluster: ${all.length} events; B killed after ${seenOnB.length}; audio moved from C to A after ${beforeFailover}`);
  });

  it('reaps the session whose only subscriber was on C within TTL plus a heartbeat of C dying, and not before', async () => {
    await until(async () => (await status(a, `/session/${lonely}`)) === 404, 'the lonely session to be reaped');
    const afterDeath = Date.now() - cDiedAt;
    // C's last beat was at most a heartbeat before it died; the session is idle a TTL after that
    // beat and is ended at the next reaping pass of a surviving instance.
    expect(afterDeath).toBeGreaterThanOrEqual((TTL_S - HEARTBEAT_S) * 1000 - 250);
    expect(afterDeath).toBeLessThanOrEqual((TTL_S + HEARTBEAT_S + REAP_EVERY_S + 1) * 1000);
    console.log(`cluster: lonely session reaped ${afterDeath} ms after its subscriber's instance died (TTL ${TTL_S} s)`);
    expect(await status(a, `/session/${main}`)).toBe(200);
  });

  it('holds MAX_SESSIONS across instances', async () => {
    const b2 = await instance();
    // `main` runs; one more fits, on any instance; then every instance refuses.
    await startSession(b2.url);
    for (const server of [a, b2]) {
      const res = await fetch(`${server.url}/session/start`, { method: 'POST' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { code: string }).code).toBe('too_many_sessions');
    }
    b = b2;
  });

  it('answers 503 store_unavailable while Redis is down and recovers when it returns', async () => {
    await redis.kill();
    const res = await fetch(`${a.url}/session/start`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ code: 'store_unavailable', detail: 'The shared session store is unavailable; try again in a few seconds' });
    expect(await status(b, '/health')).toBe(200);
    await redis.restart();
    // Redis came back empty (it saves nothing here): the instances reconnect and start sessions again.
    for (const server of [a, b]) await until(async () => (await fetch(`${server.url}/session/start`, { method: 'POST' })).status === 200, 'a session to start after Redis returned', 10_000);
  });
});

describe('test:cluster: per-client limits counted in Redis, not per instance', () => {
  let redis: TestRedis;
  const servers: LimitsServer[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    const env = { STORE: 'redis', REDIS_URL: redis.url, MAX_SESSIONS: '20', MAX_SESSIONS_PER_CLIENT: '2' };
    servers.push(...(await Promise.all([startLimitsServer(env), startLimitsServer(env), startLimitsServer(env)])));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
  });

  it('holds MAX_SESSIONS_PER_CLIENT across three instances (not three times it), and frees a slot ended on any', async () => {
    const [a, b, c] = servers as [LimitsServer, LimitsServer, LimitsServer];
    const start = (server: LimitsServer) => fetch(`${server.url}/session/start`, { method: 'POST' });
    const first = ((await (await start(a)).json()) as { session_id: string }).session_id;
    expect((await start(b)).status).toBe(200);
    for (const server of [a, b, c]) {
      const refused = await start(server);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual({ code: 'client_session_limit', detail: 'This address already has 2 sessions running; end one, or try again later' });
    }
    expect((await fetch(`${c.url}/session/${first}/end`, { method: 'DELETE' })).status).toBe(200);
    expect((await start(c)).status).toBe(200);
    expect((await start(a)).status).toBe(429);
  });
});
