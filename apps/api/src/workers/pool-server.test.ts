import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../server.js';
import { openSse, type SseTestClient } from '../testing/sse-client.js';
import { CRASH_SAMPLE } from './testing/probe-engine.js';

/** One 500 ms window of audio as five browser-sized frames, every sample `value`. */
function windowFrames(value: number): Buffer[] {
  return Array.from({ length: 5 }, () => Buffer.from(new Int16Array(1600).fill(value).buffer));
}

// Real server, real sockets, real worker threads running the probe engine from TypeScript.
describe('the engine pool behind the audio WebSocket', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let stream: SseTestClient;
  let audio: WebSocket;

  const metrics = async () => (await (await fetch(`${server.url}/metrics`)).json()) as {
    audio: { engineErrors: number };
    engine: { name: string; pool: { crashes: number; workers: Array<{ sessions: number; windowsAnalysed: number }> } };
  };
  const texts = () => stream.events().map((event) => (event.data as { text: string }).text.replace(/^thread \d+ /, ''));
  const threads = () => new Set(stream.events().map((event) => /^thread (\d+)/.exec((event.data as { text: string }).text)![1]));

  beforeEach(async () => {
    server = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', engineWorkers: 2 },
      workerEngineModule: new URL('./testing/probe-engine.ts', import.meta.url),
    });
    const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"window_ms":500}' });
    const { session_id: id } = (await res.json()) as { session_id: string };
    stream = await openSse(`${server.url}/session/${id}/stream`);
    audio = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio?ackEvery=5`);
    await new Promise((resolve, reject) => audio.once('open', resolve).once('error', reject));
  });
  afterEach(async () => {
    stream.close();
    audio.close();
    await server.close();
  });

  it('streams a session\'s events in order from its worker, and counts its windows per worker', async () => {
    for (let i = 0; i < 4; i++) for (const frame of windowFrames(100 + i)) audio.send(frame);
    await stream.waitFor((item) => item.kind === 'event' && item.id === 4, 30_000);
    expect(texts()).toEqual(['window 1 live 1', 'window 2 live 1', 'window 3 live 1', 'window 4 live 1']);
    expect(stream.events().map((event) => (event.data as { timestamp: number }).timestamp)).toEqual([0, 0.5, 1, 1.5]);
    expect(threads().size).toBe(1);
    const { engine } = await metrics();
    expect(engine).toEqual({
      name: 'prosody',
      pool: { size: 2, crashes: 0, workers: [{ sessions: 1, windowsAnalysed: 4 }, { sessions: 0, windowsAnalysed: 0 }] },
    });
  });

  it('keeps the session streaming with a fresh engine after its worker crashes', async () => {
    for (let i = 0; i < 2; i++) for (const frame of windowFrames(100)) audio.send(frame);
    for (const frame of windowFrames(CRASH_SAMPLE)) audio.send(frame);
    await stream.waitFor((item) => item.kind === 'event' && item.id === 3, 30_000);
    await expect.poll(async () => (await metrics()).engine.pool.crashes, { timeout: 30_000 }).toBe(1);
    for (let i = 0; i < 2; i++) for (const frame of windowFrames(100)) audio.send(frame);
    await stream.waitFor((item) => item.kind === 'event' && item.id === 5, 30_000);
    expect(texts()).toEqual(['window 1 live 1', 'window 2 live 1', 'window 3 live 1', 'window 1 live 1', 'window 2 live 1']);
    expect(threads().size).toBe(2);
    expect(stream.events().map((event) => (event.data as { timestamp: number }).timestamp)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect((await metrics()).engine.pool).toEqual({
      size: 2,
      crashes: 1,
      workers: [{ sessions: 1, windowsAnalysed: 5 }, { sessions: 0, windowsAnalysed: 0 }],
    });
    expect(audio.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses to start a server whose engine workers cannot load', async () => {
    await expect(
      startServer({ captions: false,
        env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', engineWorkers: 1 },
        workerEngineModule: new URL('./testing/no-such-engine.ts', import.meta.url),
      }),
    ).rejects.toThrow('engine worker exited before it was ready');
  });
});
