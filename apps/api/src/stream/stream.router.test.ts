import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { LinnetEvent } from '@linnet/shared';
import { environEvent, queueEvent, speakerEvent, transcriptEvent } from '@linnet/shared/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEngineFactory } from '../engine/tone-engine.js';
import { createManualClock } from '../lib/clock.js';
import { createLogger } from '../lib/logger.js';
import { startServer, type RunningServer } from '../server.js';
import { openSse, readJson, type SseTestClient } from '../testing/sse-client.js';

// No audio flows in these tests; events are published straight onto the session's channel.
const idleEngine: SessionEngineFactory = () => ({ analyse: () => [], dispose() {} });

function speaker(sessionId: string, timestamp: number): LinnetEvent {
  return speakerEvent({ session_id: sessionId, timestamp });
}

describe('GET /session/:id/stream', () => {
  let server: RunningServer;
  const clients: SseTestClient[] = [];

  async function start(): Promise<string> {
    const res = await fetch(`${server.url}/session/start`, { method: 'POST' });
    return ((await res.json()) as { session_id: string }).session_id;
  }
  async function open(path: string, headers: Record<string, string> = {}): Promise<SseTestClient> {
    const client = await openSse(`${server.url}${path}`, headers);
    clients.push(client);
    return client;
  }
  const publish = (id: string, count: number, from = 0) => {
    for (let i = 0; i < count; i++) server.store.get(id)!.channel.publish(speaker(id, from + i));
  };

  beforeEach(async () => {
    server = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', sseReplayBuffer: 5, webDistDir: '/nonexistent' },
      engineFactory: idleEngine,
      sse: { heartbeatMs: 60 },
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.close();
  });

  it('answers with SSE headers and opens with a heartbeat comment', async () => {
    const id = await start();
    const client = await open(`/session/${id}/stream`);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers['cache-control']).toBe('no-cache');
    expect(client.response.headers['x-accel-buffering']).toBe('no');
    await client.waitFor(() => true);
    expect(client.items[0]).toEqual({ kind: 'comment', text: 'heartbeat' });
  });

  it('repeats the heartbeat on its interval', async () => {
    const id = await start();
    const client = await open(`/session/${id}/stream`);
    await client.waitFor((item) => item.kind === 'comment', 2_000, 1);
    expect(client.items.slice(0, 2)).toEqual([
      { kind: 'comment', text: 'heartbeat' },
      { kind: 'comment', text: 'heartbeat' },
    ]);
  });

  it('sends the shared heartbeat to every subscriber of every session', async () => {
    const [first, second] = [await start(), await start()];
    const subscribers = [await open(`/session/${first}/stream`), await open(`/session/${first}/stream`), await open(`/session/${second}/stream`)];
    for (const client of subscribers) await client.waitFor((item) => item.kind === 'comment', 5_000, 2);
    for (const client of subscribers) {
      expect(client.items.slice(0, 3)).toEqual([
        { kind: 'comment', text: 'heartbeat' },
        { kind: 'comment', text: 'heartbeat' },
        { kind: 'comment', text: 'heartbeat' },
      ]);
    }
  });

  it('delivers events in order under their SSE names with increasing ids', async () => {
    const id = await start();
    const client = await open(`/session/${id}/stream`);
    const channel = server.store.get(id)!.channel;
    channel.publish(speaker(id, 0));
    const digits = queueEvent({ session_id: id, label: 'dtmf_tone', confidence: 1, timestamp: 1, digits: '42' });
    const quiet = environEvent({ session_id: id, label: 'quiet', timestamp: 2 });
    channel.publish(digits);
    channel.publish(quiet);
    await client.waitFor((item) => item.kind === 'event' && item.id === 3);
    expect(client.events()).toEqual([
      { kind: 'event', id: 1, event: 'speaker-event', data: speaker(id, 0) },
      { kind: 'event', id: 2, event: 'queue-event', data: digits },
      { kind: 'event', id: 3, event: 'environ-event', data: quiet },
    ]);
  });

  it('replays retained events after Last-Event-ID without loss or duplicates', async () => {
    const id = await start();
    const first = await open(`/session/${id}/stream`);
    publish(id, 3);
    await first.waitFor((item) => item.kind === 'event' && item.id === 3);
    first.close();
    publish(id, 2, 3);
    const resumed = await open(`/session/${id}/stream`, { 'Last-Event-ID': '3' });
    publish(id, 1, 5);
    await resumed.waitFor((item) => item.kind === 'event' && item.id === 6);
    expect(resumed.events().map((event) => [event.id, (event.data as LinnetEvent).timestamp])).toEqual([
      [4, 3],
      [5, 4],
      [6, 5],
    ]);
  });

  it('accepts ?lastEventId= for clients that cannot set headers', async () => {
    const id = await start();
    publish(id, 4);
    const client = await open(`/session/${id}/stream?lastEventId=2`);
    await client.waitFor((item) => item.kind === 'event' && item.id === 4);
    expect(client.events().map((event) => event.id)).toEqual([3, 4]);
  });

  it('prefers the header over the query when both are sent', async () => {
    const id = await start();
    publish(id, 4);
    const client = await open(`/session/${id}/stream?lastEventId=1`, { 'Last-Event-ID': '3' });
    await client.waitFor((item) => item.kind === 'event' && item.id === 4);
    expect(client.events().map((event) => event.id)).toEqual([4]);
  });

  it('sends replay-gap first when the id is older than the buffer holds', async () => {
    const id = await start();
    publish(id, 9);
    const client = await open(`/session/${id}/stream`, { 'Last-Event-ID': '1' });
    await client.waitFor((item) => item.kind === 'event' && item.id === 9);
    expect(client.events().map((event) => [event.event, event.id])).toEqual([
      ['replay-gap', undefined],
      ['speaker-event', 5],
      ['speaker-event', 6],
      ['speaker-event', 7],
      ['speaker-event', 8],
      ['speaker-event', 9],
    ]);
    expect(client.events()[0]!.data).toEqual({ last_event_id: 1, first_available_id: 5 });
  });

  it.each([
    [{ 'Last-Event-ID': 'abc' }, '', 'invalid_request', /^Invalid Last-Event-ID header: /],
    [{}, '?lastEventId=-4', 'invalid_query', /^Invalid lastEventId: /],
  ])('refuses a bad resume id with 400', async (headers, query, code, detail) => {
    const id = await start();
    const res = await new Promise<import('node:http').IncomingMessage>((resolve) =>
      httpRequest(`${server.url}/session/${id}/stream${query}`, { headers }, resolve).end(),
    );
    expect(res.statusCode).toBe(400);
    expect(await readJson(res)).toEqual({ code, detail: expect.stringMatching(detail) });
  });

  it.each([
    [{ 'Last-Event-ID': '4' }, '', 'invalid_request', "Invalid Last-Event-ID header: 4 is ahead of this session's newest event id, 3"],
    [{}, '?lastEventId=4', 'invalid_query', "Invalid lastEventId: 4 is ahead of this session's newest event id, 3"],
    [{ 'Last-Event-ID': '99' }, '?lastEventId=2', 'invalid_request', "Invalid Last-Event-ID header: 99 is ahead of this session's newest event id, 3"],
  ])('refuses a resume id from the future with 400, without subscribing', async (headers, query, code, detail) => {
    const id = await start();
    publish(id, 3);
    const res = await new Promise<import('node:http').IncomingMessage>((resolve) =>
      httpRequest(`${server.url}/session/${id}/stream${query}`, { headers }, resolve).end(),
    );
    expect(res.statusCode).toBe(400);
    expect(await readJson(res)).toEqual({ code, detail });
    expect(server.store.get(id)!.subscribers).toBe(0);
  });

  it('accepts the newest id itself and replays nothing', async () => {
    const id = await start();
    publish(id, 3);
    const client = await open(`/session/${id}/stream`, { 'Last-Event-ID': '3' });
    publish(id, 1, 3);
    await client.waitFor((item) => item.kind === 'event' && item.id === 4);
    expect(client.events().map((event) => event.id)).toEqual([4]);
  });

  it('answers 404 JSON for a stream of an unknown session', async () => {
    const res = await fetch(`${server.url}/session/AAAAAAAAAAAAAAAAAAAAAA/stream`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: 'Session AAAAAAAAAAAAAAAAAAAAAA not found', code: 'session_not_found' });
  });

  it('sends session-ended to every subscriber and closes when the session ends', async () => {
    const id = await start();
    const a = await open(`/session/${id}/stream`);
    const b = await open(`/session/${id}/stream`);
    const res = await fetch(`${server.url}/session/${id}/end`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    for (const client of [a, b]) {
      await client.ended;
      expect(client.events()).toEqual([{ kind: 'event', id: undefined, event: 'session-ended', data: { session_id: id, reason: 'ended' } }]);
    }
  });

  it('lets the reaper end a session once its only subscriber left and the TTL passed', async () => {
    const clock = createManualClock(0);
    const reaping = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', sessionIdleTtlS: 90, webDistDir: '/nonexistent' },
      engineFactory: idleEngine,
      clock,
    });
    try {
      const { session_id: id } = (await (await fetch(`${reaping.url}/session/start`, { method: 'POST' })).json()) as {
        session_id: string;
      };
      const early = await openSse(`${reaping.url}/session/${id}/stream`);
      early.close();
      await expect.poll(() => reaping.store.get(id)?.idleSince).toBe(0);
      clock.advance(90_001);
      expect(reaping.reaper.reapOnce()).toEqual([id]);
      expect((await fetch(`${reaping.url}/session/${id}`)).status).toBe(404);
    } finally {
      await reaping.close();
    }
  });

  it('tracks subscribers so the idle clock starts only when the last one leaves', async () => {
    const id = await start();
    const a = await open(`/session/${id}/stream`);
    const b = await open(`/session/${id}/stream`);
    expect(server.store.get(id)!.subscribers).toBe(2);
    a.close();
    await expect.poll(() => server.store.get(id)!.subscribers).toBe(1);
    expect(server.store.get(id)!.idleSince).toBeNull();
    b.close();
    await expect.poll(() => server.store.get(id)!.idleSince).not.toBeNull();
  });
  it('answers HEAD with the stream headers without becoming a subscriber', async () => {
    const id = await start();
    const res = await fetch(`${server.url}/session/${id}/stream`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(server.store.get(id)!.subscribers).toBe(0);
  });
});

describe('slow subscribers', () => {
  /** A raw socket that sends the request and then never reads, so the kernel buffers fill up. */
  async function stalledSubscriber(server: RunningServer, id: string): Promise<Socket> {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`GET /session/${id}/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`);
    socket.pause();
    await expect.poll(() => server.store.get(id)!.subscribers).toBe(1);
    return socket;
  }

  /** Publish 8 KiB events until the subscriber is gone or `max` were sent. */
  async function flood(server: RunningServer, id: string, max: number): Promise<void> {
    const session = server.store.get(id)!;
    const longText = 'x'.repeat(8 * 1024);
    for (let i = 0; i < max && session.subscribers > 0; i++) {
      session.channel.publish(transcriptEvent({ session_id: id, text: longText, timestamp: i }));
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async function withServer(options: { maxBacklogBytes: number; drainTimeoutMs: number }, run: (server: RunningServer, id: string) => Promise<void>) {
    const server = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent' },
      engineFactory: idleEngine,
      sse: { heartbeatMs: 60_000, ...options },
    });
    try {
      const { session_id: id } = (await (await fetch(`${server.url}/session/start`, { method: 'POST' })).json()) as { session_id: string };
      await run(server, id);
    } finally {
      await server.close();
    }
  }

  it('are disconnected once their unsent backlog passes the bound', async () => {
    await withServer({ maxBacklogBytes: 256 * 1024, drainTimeoutMs: 60_000 }, async (server, id) => {
      const socket = await stalledSubscriber(server, id);
      const session = server.store.get(id)!;
      await flood(server, id, 4_000);
      await expect.poll(() => session.subscribers, { timeout: 3_000 }).toBe(0);
      expect(session.state).toBe('running');
      expect(session.channel.subscriberCount).toBe(0);
      socket.destroy();
    });
  });

  it('are disconnected when a backlog does not drain in time, even under the byte bound', async () => {
    await withServer({ maxBacklogBytes: 1 << 30, drainTimeoutMs: 300 }, async (server, id) => {
      const socket = await stalledSubscriber(server, id);
      const session = server.store.get(id)!;
      // Enough to fill the socket buffers (so writes report backpressure), far under the 1 GiB bound:
      // only the drain timer can cut this subscriber off.
      await flood(server, id, 1_000);
      await expect.poll(() => session.subscribers, { timeout: 3_000 }).toBe(0);
      expect(session.state).toBe('running');
      socket.destroy();
    });
  });
});

describe('stream caps', () => {
  let server: RunningServer;
  const clients: SseTestClient[] = [];

  beforeEach(async () => {
    server = await startServer({
      captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxSubscribersPerSession: 2, maxSubscribersPerClient: 3 },
      engineFactory: idleEngine,
      sse: { heartbeatMs: 60_000 },
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.close();
  });

  async function start(): Promise<string> {
    return ((await (await fetch(`${server.url}/session/start`, { method: 'POST' })).json()) as { session_id: string }).session_id;
  }
  async function open(id: string): Promise<SseTestClient> {
    const client = await openSse(`${server.url}/session/${id}/stream`);
    clients.push(client);
    return client;
  }

  it('refuse a session its stream beyond MAX_SUBSCRIBERS_PER_SESSION with 429, until one leaves', async () => {
    const id = await start();
    const [first] = [await open(id), await open(id)];
    const refused = await fetch(`${server.url}/session/${id}/stream`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ detail: 'This session already has 2 open streams', code: 'session_subscriber_limit' });
    expect(server.store.get(id)!.subscribers).toBe(2);
    first!.close();
    await expect.poll(() => server.store.get(id)!.subscribers).toBe(1);
    expect((await open(id)).response.statusCode).toBe(200);
  });

  it('refuse one address its streams beyond MAX_SUBSCRIBERS_PER_CLIENT across sessions', async () => {
    const [a, b] = [await start(), await start()];
    for (const id of [a, a, b]) expect((await open(id)).response.statusCode).toBe(200);
    const refused = await fetch(`${server.url}/session/${b}/stream`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ detail: 'This address already has 3 open streams', code: 'client_subscriber_limit' });
    expect(server.store.get(b)!.subscribers).toBe(1);
  });
});

describe('stalled subscribers', () => {
  it('are cut off once their socket takes no bytes for stallTimeoutMs, long before the drain deadline', async () => {
    const lines: string[] = [];
    const server = await startServer({
      captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent' },
      engineFactory: idleEngine,
      sse: { heartbeatMs: 60_000, maxBacklogBytes: 1 << 30, drainTimeoutMs: 60_000, stallTimeoutMs: 300 },
      logger: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    });
    try {
      const { session_id: id } = (await (await fetch(`${server.url}/session/start`, { method: 'POST' })).json()) as { session_id: string };
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(`GET /session/${id}/stream HTTP/1.1\r\nHost: x\r\n\r\n`);
      socket.pause();
      const session = server.store.get(id)!;
      await expect.poll(() => session.subscribers).toBe(1);
      const longText = 'x'.repeat(8 * 1024);
      const began = Date.now();
      let published = 0;
      for (let i = 0; i < 2_000 && session.subscribers > 0; i++) {
        session.channel.publish(transcriptEvent({ session_id: id, text: longText, timestamp: i }));
        published += 8 * 1024;
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await expect.poll(() => session.subscribers, { timeout: 5_000 }).toBe(0);
      const closed = lines
        .map((line) => JSON.parse(line) as { event: string; reason?: string; sent_bytes?: number; backlog_bytes?: number })
        .find((line) => line.event === 'subscriber_closed');
      console.log(
        `stalled subscriber: the kernel took ${((closed?.sent_bytes ?? 0) / 2 ** 20).toFixed(2)} MiB before Node saw back-pressure; ` +
          `cut as stalled with ${((closed?.backlog_bytes ?? 0) / 2 ** 20).toFixed(2)} MiB held in Node, ${Date.now() - began} ms after the flood began ` +
          `(${(published / 2 ** 20).toFixed(1)} MiB published, stallTimeoutMs 300)`,
      );
      expect(closed?.reason).toBe('stalled');
      expect(Date.now() - began).toBeLessThan(5_000);
      expect(session.state).toBe('running');
      socket.destroy();
    } finally {
      await server.close();
    }
  });
});
