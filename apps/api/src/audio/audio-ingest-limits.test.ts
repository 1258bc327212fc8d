import { AUDIO_CLOSE_CODES } from '@linnet/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEngineFactory } from '../engine/tone-engine.js';
import { startServer, type RunningServer } from '../server.js';
import { openAudioClient, pcmFrame } from '../testing/audio-client.js';
import type { AudioIngestLimits } from './ingest-limits.js';

/** Test double of the seam: logs each window's start and mean sample, publishes nothing. */
function meanLoggingEngine(log: string[]): SessionEngineFactory {
  return () => ({
    analyse(window, startS) {
      let sum = 0;
      for (const sample of window) sum += sample;
      log.push(`window ${startS} mean=${sum / window.length}`);
      return [];
    },
    dispose() {},
  });
}

describe('WS /session/:id/audio bounds', () => {
  let server: RunningServer;
  let engineLog: string[];

  async function start(limits: Partial<AudioIngestLimits> = {}, engineFactory?: SessionEngineFactory): Promise<string> {
    engineLog = [];
    server = await startServer({
      captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent' },
      engineFactory: engineFactory ?? meanLoggingEngine(engineLog),
      audioLimits: limits,
    });
    const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"window_ms":500}' });
    return ((await res.json()) as { session_id: string }).session_id;
  }
  const audioUrl = (id: string) => `${server.url.replace('http', 'ws')}/session/${id}/audio`;

  afterEach(async () => {
    await server.close();
  });

  it('accepts a short frame that ends a stretch of audio, between full frames', async () => {
    const socket = await openAudioClient(audioUrl(await start()));
    for (const samples of [1600, 10, 1600, 159]) socket.ws.send(pcmFrame(samples));
    await expect.poll(() => socket.acks.length).toBe(4);
    expect(socket.acks).toEqual([3200, 20, 3200, 318].map((bytes) => ({ ok: true, bytes })));
    socket.ws.close();
  });

  it('closes with 4005 on the second frame in a row under 10 ms, after acking the first', async () => {
    const socket = await openAudioClient(audioUrl(await start()));
    socket.ws.send(pcmFrame(1600));
    socket.ws.send(pcmFrame(1));
    socket.ws.send(pcmFrame(1));
    expect(await socket.closed).toEqual({ code: AUDIO_CLOSE_CODES.frameTooShort, reason: 'frames under 320 bytes in a row' });
    expect(socket.acks).toEqual([{ ok: true, bytes: 3200 }, { ok: true, bytes: 2 }]);
    expect(server.audio.stats.closedShortFrames).toBe(1);
  });

  it('reads a socket over the frame rate more slowly, delaying its frames without dropping any', async () => {
    const socket = await openAudioClient(audioUrl(await start({ framesPerS: 50, frameBurst: 10 })));
    const started = performance.now();
    // However many of these the server reads ahead of its pause, it owes 50 frames beyond the burst:
    // a frame sent after they were all acked is not read before that debt is paid, 1 s at 50/s.
    for (let i = 0; i < 60; i++) socket.ws.send(pcmFrame(1600, i));
    await expect.poll(() => socket.acks.length, { timeout: 5_000 }).toBe(60);
    socket.ws.send(pcmFrame(1600));
    await expect.poll(() => socket.acks.length, { timeout: 5_000 }).toBe(61);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.audio.stats.throttled).toBeGreaterThan(0);
    expect(server.audio.stats.framesAccepted).toBe(61);
    socket.ws.close();
  });

  it('counts a long frame as that many 100 ms frames, capping audio per second too', async () => {
    const socket = await openAudioClient(audioUrl(await start({ framesPerS: 50, frameBurst: 10 })));
    const started = performance.now();
    // Ten 1 s frames are 100 frames' worth: 90 beyond the burst, at 50 per second, are paid in 1.8 s.
    for (let i = 0; i < 10; i++) socket.ws.send(pcmFrame(16_000, i));
    await expect.poll(() => socket.acks.length, { timeout: 5_000 }).toBe(10);
    socket.ws.send(pcmFrame(1600));
    await expect.poll(() => socket.acks.length, { timeout: 5_000 }).toBe(11);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_750);
    socket.ws.close();
  });

  it('closes with 4008 a client that leaves its acks unread, instead of queueing them in the heap', async () => {
    const maxAckBacklogBytes = 16 * 1024;
    const socket = await openAudioClient(audioUrl(await start({ framesPerS: 1e9, frameBurst: 1e9, maxAckBacklogBytes })));
    socket.ws.pause();
    const frame = pcmFrame(160);
    // The kernel's buffers take acks first; send until they are full and the server gives up.
    let sent = 0;
    while (server.audio.stats.closedAcksNotRead === 0 && sent < 1_000_000) {
      // Keep a few batches in flight, no more: the sender's own buffer is not what is measured.
      if (socket.ws.bufferedAmount < 4 << 20) for (let i = 0; i < 5_000; i++, sent++) socket.ws.send(frame);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(server.audio.stats.closedAcksNotRead).toBe(1);
    socket.ws.resume();
    expect(await socket.closed).toEqual({ code: AUDIO_CLOSE_CODES.acksNotRead, reason: 'acknowledgements not read' });
  }, 30_000);

  it('keeps at most 256 acks waiting for a stalled engine, merging later ones, and loses no bytes', async () => {
    // An engine that answers only when told: the pipeline stays congested until then.
    const answers: Array<() => void> = [];
    const stalled: SessionEngineFactory = () => ({
      analyse: () => new Promise((resolve) => answers.push(() => resolve([]))),
      dispose() {},
    });
    const socket = await openAudioClient(audioUrl(await start({ framesPerS: 1e9, frameBurst: 1e9 }, stalled)));
    // 4 windows of 0.5 s make it congested; 300 frames more are sent without waiting for acks.
    for (let i = 0; i < 320; i++) socket.ws.send(pcmFrame(1600));
    await expect.poll(() => server.audio.stats.framesAccepted).toBe(320);
    // Acks travel back on the socket, so the last of them may still be on its way when the server's count is read.
    await expect.poll(() => socket.acks.length).toBe(19);
    while (socket.acks.length < 19 + 256) {
      for (const answer of answers.splice(0)) answer();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const bytes = socket.acks.map((ack) => (ack as { bytes: number }).bytes);
    expect(bytes).toHaveLength(19 + 256);
    expect(bytes.slice(0, -1).every((b) => b === 3200)).toBe(true);
    // The last ack stands for every frame held beyond the 255th.
    expect(bytes.at(-1)).toBe((301 - 255) * 3200);
    socket.ws.close();
  });

  it('lets a newer socket replace the older (4010), never mixing their frames into one window', async () => {
    const id = await start();
    const older = await openAudioClient(audioUrl(id));
    // 0.2 s of 10s: part of a 0.5 s window.
    older.ws.send(pcmFrame(1600, 10));
    older.ws.send(pcmFrame(1600, 10));
    await expect.poll(() => older.acks.length).toBe(2);
    const newer = await openAudioClient(audioUrl(id));
    // Sent before the older socket has heard it was replaced: the server must ignore them.
    for (let i = 0; i < 5; i++) older.ws.send(pcmFrame(1600, 10));
    for (let i = 0; i < 5; i++) newer.ws.send(pcmFrame(1600, 20));
    expect(await older.closed).toEqual({ code: AUDIO_CLOSE_CODES.replaced, reason: 'replaced by a newer audio socket' });
    await expect.poll(() => engineLog.length).toBe(2);
    await server.audio.pipelineOf(id)!.whenIdle();
    // The older socket's partial window, padded with silence (0.2 s of 10 over 0.5 s), then the newer's own.
    expect(engineLog).toEqual(['window 0 mean=4', 'window 0.5 mean=20']);
    expect(older.acks).toHaveLength(2);
    expect(newer.acks).toHaveLength(5);
    expect(server.audio.stats.socketsReplaced).toBe(1);
    newer.ws.close();
  });
});
