import { AUDIO_CLOSE_CODES, AUDIO_FRAME_BURST, AUDIO_MAX_FRAMES_PER_S, AUDIO_MIN_FRAME_BYTES } from '@linnet/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { audioMetrics, flood, openDeafAudioSocket, startSession } from './support/clients.js';
import { spawnServer, type SpawnedServer } from './support/spawn-server.js';

// Issue 10: one client sending tiny frames and reading no acks grew the heap ~50 MB/s; with a 256 MB
// heap the server died of it in 16 s. Here the heap is 64 MB and four such clients flood at once.
const HEAP_MB = 64;
const CLIENTS = 4;
// Peak RSS may rise this much over its value before the flood (the heap is capped at 64 MB anyway;
// what would break it is growth without bound, which reached 256 MB within 16 s before).
const PEAK_GROWTH_BOUND_MIB = 48;
const READ_AHEAD_FRAMES = 400;

/** Time for `GET /health` to answer 200, in ms (how long a request waits behind the flood); Infinity if it does not. */
async function healthLatencyMs(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  return res?.status === 200 ? performance.now() - started : Number.POSITIVE_INFINITY;
}

/** Probe `/health` every 250 ms while `work` runs; the slowest answer. */
async function slowestHealthDuring(url: string, work: Promise<unknown>): Promise<number> {
  let done = false;
  void work.finally(() => (done = true));
  let slowest = 0;
  while (!done && slowest !== Number.POSITIVE_INFINITY) {
    slowest = Math.max(slowest, await healthLatencyMs(url));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return slowest;
}

describe('audio ingest under an ack flood (real server, 64 MB heap)', () => {
  let server: SpawnedServer;
  afterEach(async () => {
    await server?.kill();
  });

  it('closes clients flooding tiny frames with 4005 and stays small and responsive', async () => {
    server = await spawnServer({ nodeArgs: [`--max-old-space-size=${HEAP_MB}`] });
    const sockets = await Promise.all(
      Array.from({ length: CLIENTS }, async () => openDeafAudioSocket(server.url, await startSession(server.url))),
    );
    const before = server.memory();
    const floods = Promise.all(sockets.map(({ ws }) => flood(ws, Buffer.alloc(2), 4_000)));
    const slowestMs = await slowestHealthDuring(server.url, floods);
    const sent = (await floods).reduce((sum, count) => sum + count, 0);
    const after = server.memory();
    for (const { ws } of sockets) ws.resume();
    // Bounded: a server that never closes them (or died) must fail here, not hang.
    const codes = await Promise.all(sockets.map(({ closed }) => Promise.race([closed, new Promise<string>((resolve) => setTimeout(resolve, 3_000, 'open'))])));
    const metrics = await audioMetrics(server.url).catch(() => ({}) as Record<string, number>);
    console.log(
      `tiny-frame flood: ${CLIENTS} clients sent ${sent} two-byte frames in 4 s; server accepted ${metrics.framesAccepted}, ` +
        `closed with ${codes.join(', ')}; RSS ${before.rssMiB.toFixed(0)} → peak ${after.peakMiB.toFixed(0)} MiB; slowest /health ${slowestMs.toFixed(0)} ms`,
    );
    expect(codes).toEqual(Array(CLIENTS).fill(AUDIO_CLOSE_CODES.frameTooShort));
    // One short frame each is accepted (it may end a stretch of audio); the second closes the socket.
    expect(metrics.framesAccepted).toBe(CLIENTS);
    expect(after.peakMiB - before.rssMiB).toBeLessThan(PEAK_GROWTH_BOUND_MIB);
    expect(slowestMs).toBeLessThan(1_000);
    expect(server.child.exitCode).toBeNull();
  });

  it('reads clients flooding 10 ms frames no faster than the frame cap, and stays small and responsive', async () => {
    server = await spawnServer({ nodeArgs: [`--max-old-space-size=${HEAP_MB}`] });
    const sockets = await Promise.all(
      Array.from({ length: CLIENTS }, async () => openDeafAudioSocket(server.url, await startSession(server.url))),
    );
    const before = server.memory();
    const started = performance.now();
    const floods = Promise.all(sockets.map(({ ws }) => flood(ws, Buffer.alloc(AUDIO_MIN_FRAME_BYTES), 6_000)));
    const slowestMs = await slowestHealthDuring(server.url, floods);
    const elapsedS = (performance.now() - started) / 1000;
    const sent = (await floods).reduce((sum, count) => sum + count, 0);
    const after = server.memory();
    const metrics = await audioMetrics(server.url).catch(() => ({}) as Record<string, number>);
    // The burst, the cap over the flood, and what a socket may have read ahead of its last pause
    // (one 64 KiB read and ws's 16 KiB parse buffer: about 250 frames of this size, 400 with margin).
    const perSocketBound = AUDIO_FRAME_BURST + AUDIO_MAX_FRAMES_PER_S * elapsedS + READ_AHEAD_FRAMES;
    console.log(
      `10 ms-frame flood: ${CLIENTS} clients handed ${sent} frames to their sockets in ${elapsedS.toFixed(1)} s; server accepted ` +
        `${metrics.framesAccepted} (${(metrics.framesAccepted! / CLIENTS / elapsedS).toFixed(0)}/s per socket, cap ${AUDIO_MAX_FRAMES_PER_S}), ` +
        `paused sockets ${metrics.throttled} times; RSS ${before.rssMiB.toFixed(0)} → peak ${after.peakMiB.toFixed(0)} MiB; slowest /health ${slowestMs.toFixed(0)} ms`,
    );
    expect(metrics.framesAccepted).toBeLessThanOrEqual(CLIENTS * perSocketBound);
    expect(metrics.throttled).toBeGreaterThan(0);
    expect(after.peakMiB - before.rssMiB).toBeLessThan(PEAK_GROWTH_BOUND_MIB);
    expect(slowestMs).toBeLessThan(1_000);
    for (const { ws } of sockets) ws.terminate();
    expect(server.child.exitCode).toBeNull();
  });
});
