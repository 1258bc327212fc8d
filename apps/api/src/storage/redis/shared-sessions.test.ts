import type { LinnetEvent } from '@linnet/shared';
import { speakerEvent } from '@linnet/shared/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEngineFactory } from '../../engine/tone-engine.js';
import { createManualClock } from '../../lib/clock.js';
import { startServer, type RunningServer } from '../../server.js';
import { freePort, startTestRedis, type TestRedis } from '../../testing/redis-server.js';
import { openAudioClient } from '../../testing/audio-client.js';
import { openSse, type SseTestClient } from '../../testing/sse-client.js';
import { sharedKeys } from './shared-keys.js';
import { APPEND } from './shared-scripts.js';

// No audio here: events are published onto a session's channel on the instance that owns it.
const idleEngine: SessionEngineFactory = () => ({ analyse: () => [], dispose() {} });
const speaker = (sessionId: string, timestamp: number): LinnetEvent => speakerEvent({ session_id: sessionId, timestamp });

describe('STORE=redis: two instances sharing sessions', () => {
  let redis: TestRedis;
  let prefix = 0;
  const servers: RunningServer[] = [];
  const clients: SseTestClient[] = [];
  const clock = createManualClock(Date.now());

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function instance(env: Partial<Parameters<typeof startServer>[0] & object>['env'] = {}): Promise<RunningServer> {
    const server = await startServer({
      captions: false,
      engineFactory: idleEngine,
      clock,
      // Tests drive heartbeats and reaping by hand with the manual clock.
      sharedHeartbeatMs: 3_600_000,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', sseReplayBuffer: 5, store: { kind: 'redis', url: `${redis.url}/${prefix}` }, ...env },
    });
    servers.push(server);
    return server;
  }
  // Each test gets a Redis database of its own (0..15), so their sessions never meet.
  async function pair(env: Parameters<typeof instance>[0] = {}): Promise<[RunningServer, RunningServer]> {
    prefix += 1;
    return [await instance(env), await instance(env)];
  }
  async function startOn(server: RunningServer): Promise<Response> {
    return fetch(`${server.url}/session/start`, { method: 'POST' });
  }
  async function sessionOn(server: RunningServer): Promise<string> {
    const res = await startOn(server);
    expect(res.status).toBe(200);
    return ((await res.json()) as { session_id: string }).session_id;
  }
  async function subscribe(server: RunningServer, id: string, headers: Record<string, string> = {}): Promise<SseTestClient> {
    const client = await openSse(`${server.url}/session/${id}/stream`, headers);
    clients.push(client);
    return client;
  }
  const eventIds = (client: SseTestClient) => client.events().filter((item) => item.event === 'speaker-event').map((item) => item.id);
  async function until(check: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('serves a session started on one instance from the other', async () => {
    const [a, b] = await pair();
    const id = await sessionOn(a);
    const res = await fetch(`${b.url}/session/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ session_id: id, state: 'running', elcor: false });
    expect((await fetch(`${b.url}/session/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    const metrics = (await (await fetch(`${b.url}/metrics`)).json()) as { shared: unknown };
    expect(metrics.shared).toEqual({ redis: 'ready', sessions_followed: 1 });
  });

  it('numbers events once for the cluster and fans them out to subscribers on every instance, in order', async () => {
    const [a, b] = await pair();
    const id = await sessionOn(a);
    const onA = await subscribe(a, id);
    const onB = await subscribe(b, id);
    for (let i = 0; i < 4; i++) a.store.get(id)!.channel.publish(speaker(id, i));
    await until(() => eventIds(onA).length === 4 && eventIds(onB).length === 4, 'four events on both');
    expect(eventIds(onA)).toEqual([1, 2, 3, 4]);
    expect(eventIds(onB)).toEqual([1, 2, 3, 4]);
    expect(onB.events().filter((item) => item.event === 'speaker-event').map((item) => (item.data as { timestamp: number }).timestamp)).toEqual([0, 1, 2, 3]);
  });

  it('replays after Last-Event-ID on another instance, with replay-gap past what is retained', async () => {
    const [a, b] = await pair();
    const id = await sessionOn(a);
    const onA = await subscribe(a, id);
    for (let i = 0; i < 8; i++) a.store.get(id)!.channel.publish(speaker(id, i));
    await until(() => eventIds(onA).length === 8, 'eight events on A');
    // B never served this session: it learns it, and its retained events, from Redis.
    const resumed = await subscribe(b, id, { 'Last-Event-ID': '6' });
    await until(() => eventIds(resumed).length === 2, 'the two after 6');
    expect(eventIds(resumed)).toEqual([7, 8]);
    expect(resumed.events().some((item) => item.event === 'replay-gap')).toBe(false);
    const late = await subscribe(b, id, { 'Last-Event-ID': '1' });
    await until(() => eventIds(late).length === 5, 'the five retained');
    expect(late.events()[0]).toMatchObject({ event: 'replay-gap', data: { last_event_id: 1, first_available_id: 4 } });
    expect(eventIds(late)).toEqual([4, 5, 6, 7, 8]);
  });

  it('tells a live subscriber replay-gap when its instance lagged behind a log trimmed past what it had', async () => {
    const [a, b] = await pair();
    const id = await sessionOn(a);
    const onB = await subscribe(b, id);
    for (let i = 0; i < 2; i++) a.store.get(id)!.channel.publish(speaker(id, i));
    await until(() => eventIds(onB).length === 2, 'two events on B');
    // B's reader paused while 30 events go in: one MULTI is one step for Redis, so B's blocked
    // XREAD only wakes once the log (MAXLEN ~ 5, in nodes of 2) no longer holds 3..~27.
    const raw = new Redis(`${redis.url}/${prefix}`);
    const keys = sharedKeys('linnet:');
    try {
      await raw.config('SET', 'stream-node-max-entries', '2');
      const burst = raw.multi();
      for (let i = 0; i < 30; i++) burst.eval(APPEND, 3, keys.record(id), keys.events(id), keys.seq(id), 5, JSON.stringify(speaker(id, 100 + i)));
      await burst.exec();
    } finally {
      await raw.config('SET', 'stream-node-max-entries', '100');
      raw.disconnect();
    }
    await until(() => eventIds(onB).at(-1) === 32, 'the last event on B');
    const sent = onB.events().filter((item) => item.event === 'speaker-event' || item.event === 'replay-gap');
    const gapAt = sent.findIndex((item) => item.event === 'replay-gap');
    const firstAfter = sent[gapAt + 1]!.id!;
    expect(firstAfter).toBeGreaterThan(3);
    expect(sent[gapAt]).toMatchObject({ event: 'replay-gap', data: { last_event_id: 2, first_available_id: firstAfter } });
    expect(eventIds(onB)).toEqual([1, 2, ...Array.from({ length: 33 - firstAfter }, (_, i) => firstAfter + i)]);
    // A client resuming on B from before the hole is told too, not silently skipped over it
    // (B's ring holds the last five: 28..32).
    const resumed = await subscribe(b, id, { 'Last-Event-ID': '2' });
    await until(() => eventIds(resumed).at(-1) === 32, 'the replay on B');
    expect(resumed.events()[0]).toMatchObject({ event: 'replay-gap', data: { last_event_id: 2, first_available_id: 28 } });
    expect(eventIds(resumed)).toEqual([28, 29, 30, 31, 32]);
  });

  it('ends a session for every instance: subscribers on both get session-ended, and both answer 404', async () => {
    const [a, b] = await pair();
    const id = await sessionOn(a);
    const onA = await subscribe(a, id);
    const onB = await subscribe(b, id);
    const res = await fetch(`${b.url}/session/${id}/end`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    await Promise.all([onA.ended, onB.ended]);
    for (const client of [onA, onB]) expect(client.events().at(-1)).toMatchObject({ event: 'session-ended', data: { session_id: id, reason: 'ended' } });
    expect((await fetch(`${a.url}/session/${id}`)).status).toBe(404);
    expect((await fetch(`${b.url}/session/${id}`)).status).toBe(404);
  });

  it('keeps one audio socket per session across instances: a newer one on another instance replaces the older', async () => {
    const [a, b] = await pair();
    const id = await sessionOn(a);
    const older = await openAudioClient(`${a.url.replace('http', 'ws')}/session/${id}/audio`);
    const newer = await openAudioClient(`${b.url.replace('http', 'ws')}/session/${id}/audio`);
    expect(await older.closed).toEqual({ code: 4010, reason: 'replaced by a newer audio socket' });
    expect(a.audio.pipelineOf(id)).toBeUndefined();
    expect(newer.ws.readyState).toBe(newer.ws.OPEN);
    newer.ws.close();
    await newer.closed;
  });

  it('ends nothing in the cluster when one instance shuts down: its streams close without session-ended', async () => {
    const [a, b] = await pair();
    const id = await sessionOn(a);
    const onB = await subscribe(b, id);
    const audioOnB = await openAudioClient(`${b.url.replace('http', 'ws')}/session/${id}/audio`);
    await b.close();
    await onB.ended;
    expect(onB.events().some((item) => item.event === 'session-ended')).toBe(false);
    // Cut, not `session-ended` (4000): the client reconnects its audio to another instance.
    expect((await audioOnB.closed).code).not.toBe(4000);
    expect((await fetch(`${a.url}/session/${id}`)).status).toBe(200);
    const onA = await subscribe(a, id);
    a.store.get(id)!.channel.publish(speaker(id, 1));
    await until(() => eventIds(onA).length === 1, 'an event on A after B left');
  });

  it('lets go of a session it adopted once nobody there listened for the TTL, and adopts it again on the next request', async () => {
    const [a, b] = await pair({ sessionIdleTtlS: 10 });
    const id = await sessionOn(a);
    expect((await fetch(`${b.url}/session/${id}`)).status).toBe(200);
    expect(b.shared!.forgetIdle(() => false)).toBe(0);
    clock.advance(10_001);
    // Its audio running there keeps it; nothing else does.
    expect(b.shared!.forgetIdle(() => true)).toBe(0);
    expect(b.shared!.forgetIdle(() => false)).toBe(1);
    expect(b.store.get(id)).toBeUndefined();
    // Started on A: A never lets it go this way.
    expect(a.shared!.forgetIdle(() => false)).toBe(0);
    a.store.get(id)!.channel.publish(speaker(id, 1));
    const again = await subscribe(b, id, { 'Last-Event-ID': '0' });
    await until(() => eventIds(again).length === 1, 'the event on B after adopting again');
    expect(eventIds(again)).toEqual([1]);
  });

  it('counts MAX_SESSIONS across instances', async () => {
    const [a, b] = await pair({ maxSessions: 2 });
    await sessionOn(a);
    await sessionOn(b);
    for (const server of [a, b]) {
      const res = await startOn(server);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ code: 'too_many_sessions', detail: 'The server is running its maximum of 2 sessions; try again later' });
    }
  });

  it('counts MAX_SESSIONS_PER_CLIENT across instances, and gives the slot back when one ends anywhere', async () => {
    const [a, b] = await pair({ maxSessions: 10, maxSessionsPerClient: 2 });
    const first = await sessionOn(a);
    await sessionOn(b);
    for (const server of [a, b]) {
      const res = await startOn(server);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).not.toBeNull();
      expect(await res.json()).toEqual({ code: 'client_session_limit', detail: 'This address already has 2 sessions running; end one, or try again later' });
    }
    // Ended on the instance that did not start it: the count is the cluster's, so the slot is free on both.
    expect((await fetch(`${b.url}/session/${first}/end`, { method: 'DELETE' })).status).toBe(200);
    await sessionOn(a);
    expect((await startOn(b)).status).toBe(429);
  });

  it('does not reap a session listened to on another instance, and reaps it once that instance stops beating', async () => {
    const [a, b] = await pair({ sessionIdleTtlS: 10 });
    const id = await sessionOn(a);
    const onB = await subscribe(b, id);
    const onA = await subscribe(a, id);
    onA.close();
    await until(() => a.store.get(id)!.subscribers === 0, 'A to see its subscriber leave');
    for (let step = 0; step < 3; step++) {
      clock.advance(8_000);
      await b.shared!.presence.heartbeat();
      await a.shared!.presence.heartbeat();
      expect(await a.shared!.presence.reapOnce()).toEqual([]);
    }
    // B dies: it beats no more. Its subscriber stops counting once the TTL has passed since its last beat.
    clock.advance(9_000);
    expect(await a.shared!.presence.reapOnce()).toEqual([]);
    clock.advance(2_000);
    const [byA, byB] = await Promise.all([a.shared!.presence.reapOnce(), b.shared!.presence.reapOnce()]);
    expect([...byA, ...byB]).toEqual([id]);
    await onB.ended;
    expect(onB.events().at(-1)).toMatchObject({ event: 'session-ended', data: { session_id: id, reason: 'reaped' } });
  });

  it('answers 503 store_unavailable while Redis is down, and recovers when it returns', async () => {
    const [a] = await pair();
    const id = await sessionOn(a);
    await redis.kill();
    const down = await startOn(a);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ code: 'store_unavailable', detail: 'The shared session store is unavailable; try again in a few seconds' });
    // A session this instance serves is still served from what it has; one it does not cannot be.
    expect((await fetch(`${a.url}/session/${id}`)).status).toBe(200);
    // Ending needs Redis, or the session would end here only and come back from Redis later.
    const end = await fetch(`${a.url}/session/${id}/end`, { method: 'DELETE' });
    expect(end.status).toBe(503);
    expect(((await end.json()) as { code: string }).code).toBe('store_unavailable');
    expect(a.store.get(id)?.state).toBe('running');
    const elsewhere = await fetch(`${a.url}/session/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(elsewhere.status).toBe(503);
    expect((await elsewhere.json()) as unknown).toMatchObject({ code: 'store_unavailable' });
    await redis.restart();
    // The restarted Redis is empty (it saved nothing): new sessions start once the client reconnects.
    let status = 0;
    const deadline = Date.now() + 5_000;
    while (status !== 200 && Date.now() < deadline) {
      status = (await startOn(a)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });

  it('stops start-up naming REDIS_URL when Redis cannot be reached', async () => {
    const port = await freePort();
    await expect(startServer({ captions: false, engineFactory: idleEngine, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', store: { kind: 'redis', url: `redis://127.0.0.1:${port}` } } })).rejects.toThrow(
      /^REDIS_URL: cannot connect to Redis/,
    );
  });
});
