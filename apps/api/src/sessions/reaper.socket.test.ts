import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createManualClock } from '../lib/clock.js';
import { startServer, type RunningServer } from '../server.js';
import { openSse } from '../testing/sse-client.js';

const TTL_S = 30;

/** One 100 ms frame of 16 kHz Int16 silence-ish PCM. */
const FRAME = Buffer.alloc(3200, 1);

describe('reaper with a real audio socket', () => {
  const clock = createManualClock(1_000_000);
  let server: RunningServer;

  beforeEach(async () => {
    server = await startServer({
      captions: false,
      clock,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', sessionIdleTtlS: TTL_S },
      engineFactory: () => ({ analyse: () => [], dispose() {} }),
    });
  });
  afterEach(async () => {
    await server.close();
  });

  async function startSession(): Promise<string> {
    const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return ((await res.json()) as { session_id: string }).session_id;
  }

  async function sendFrame(ws: WebSocket): Promise<void> {
    const acked = new Promise((resolve) => ws.once('message', resolve));
    ws.send(FRAME);
    await acked;
  }

  it('keeps a session whose page is hidden (no subscriber) while its microphone streams, then reaps it once audio stops', async () => {
    const id = await startSession();
    // The page subscribed, then went to the dialer: the stream closes, the mic keeps streaming.
    const stream = await openSse(`${server.url}/session/${id}/stream`);
    stream.close();
    await expect.poll(() => server.store.get(id)?.idleSince).toBe(1_000_000);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

    // Three TTLs of live audio with the page hidden: never reaped.
    for (let elapsed = 0; elapsed < 3 * TTL_S; elapsed += 5) {
      clock.advance(5_000);
      await sendFrame(ws);
      expect(server.reaper.reapOnce()).toEqual([]);
    }
    expect(server.store.get(id)?.state).toBe('running');

    // The mic stops sending (socket open but silent): the TTL runs from the last frame.
    clock.advance(TTL_S * 1000);
    expect(server.reaper.reapOnce()).toEqual([]);
    clock.advance(1);
    expect(server.reaper.reapOnce()).toEqual([id]);
    expect(await closed).toBe(4000);
    const gone = await fetch(`${server.url}/session/${id}`);
    expect(gone.status).toBe(404);
  });
});
