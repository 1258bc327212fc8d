import { createProsodyEngine, type EngineEvent } from '@linnet/engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionEngine, SessionEngineOptions } from '../engine/tone-engine.js';
import { createLogger } from '../lib/logger.js';
import { createEnginePool, EngineWorkerError, type EnginePool } from './engine-pool.js';
import { CRASH_SAMPLE, STALL_SAMPLE } from './testing/probe-engine.js';
import { voicedPcm } from './testing/voiced-pcm.js';

const PROBE = new URL('./testing/probe-engine.ts', import.meta.url);
const RATE = 16_000;
const session = (sessionId: string, extra: Partial<SessionEngineOptions> = {}): SessionEngineOptions => ({
  sessionId,
  elcor: false,
  windowMs: 500,
  sampleRate: RATE,
  ...extra,
});

/** The probe engine's one event per window, parsed: which thread, this engine's window count, engines alive there. */
async function probe(engine: SessionEngine, startS = 0, window = new Int16Array(RATE / 2)) {
  const [event] = await engine.analyse(window, startS);
  const [, thread, count, live] = /^thread (\d+) window (\d+) live (\d+)$/.exec((event as { text: string }).text)!;
  return { thread: Number(thread), window: Number(count), live: Number(live) };
}

// Workers start a TypeScript loader under vitest: generous timeouts for a shared two-core machine.
describe('createEnginePool', { timeout: 60_000 }, () => {
  let pool: EnginePool;
  afterEach(async () => {
    await pool?.close();
  });

  it('sends every window of a session to the same worker, keeping its engine state', async () => {
    pool = createEnginePool({ size: 2, engineModule: PROBE });
    const engine = pool.factory(session('a'));
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await probe(engine, i / 2));
    expect(new Set(answers.map((answer) => answer.thread)).size).toBe(1);
    expect(answers.map((answer) => answer.window)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('pins a second session to the other, less loaded worker', async () => {
    pool = createEnginePool({ size: 2, engineModule: PROBE });
    const [a, b] = [pool.factory(session('a')), pool.factory(session('b'))];
    const [first, second] = [await probe(a), await probe(b)];
    expect(first.thread).not.toBe(second.thread);
    expect(pool.metrics()).toEqual({
      size: 2,
      crashes: 0,
      workers: [
        { sessions: 1, windowsAnalysed: 1 },
        { sessions: 1, windowsAnalysed: 1 },
      ],
    });
  });

  it('transfers each window to the worker and hands the buffer back for reuse', async () => {
    const returned: Int16Array[] = [];
    pool = createEnginePool({ size: 1, engineModule: PROBE });
    const engine = pool.factory(session('a', { recycleWindow: (window) => returned.push(window) }));
    const window = new Int16Array(RATE / 2);
    const answer = engine.analyse(window, 0);
    // Detached on this thread the moment it is sent: transferred, not copied.
    expect(window.buffer.byteLength).toBe(0);
    await answer;
    expect(returned.map((back) => [back.length, back.buffer.byteLength])).toEqual([[RATE / 2, RATE]]);
  });

  it('answers a session\'s windows in order with the events the in-process engine gives', async () => {
    const pcm = voicedPcm(12);
    const windowSamples = RATE;
    const inProcess = createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: RATE });
    const expected: EngineEvent[][] = [];
    for (let at = 0; at < pcm.length; at += windowSamples) {
      expected.push(inProcess.analyse(pcm.slice(at, at + windowSamples), at / RATE));
    }
    pool = createEnginePool({ size: 2 });
    const engine = pool.factory(session('a', { windowMs: 1000 }));
    // All windows in flight at once, as the pipeline sends them to an engine that answers in order.
    const answers = [];
    for (let at = 0; at < pcm.length; at += windowSamples) answers.push(engine.analyse(pcm.slice(at, at + windowSamples), at / RATE));
    const received = await Promise.all(answers);
    expect(received).toEqual(expected);
    expect(expected.flat().filter((event) => event.event_type === 'tone').length).toBeGreaterThan(5);
  });

  it('disposes a session\'s engine inside its worker when the session ends', async () => {
    pool = createEnginePool({ size: 1, engineModule: PROBE });
    const [a, b] = [pool.factory(session('a')), pool.factory(session('b'))];
    expect((await probe(a)).live).toBe(2);
    b.dispose();
    expect((await probe(a)).live).toBe(1);
    expect(pool.metrics().workers).toEqual([{ sessions: 1, windowsAnalysed: 2 }]);
  });

  it('replaces a worker that crashes; its sessions carry on there with fresh engines', async () => {
    const lines: string[] = [];
    pool = createEnginePool({ size: 2, engineModule: PROBE, logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }) });
    const [a, b, c] = [pool.factory(session('a')), pool.factory(session('b')), pool.factory(session('c'))];
    const before = await probe(a);
    await probe(a, 0.5);
    const other = await probe(b);
    await probe(c);
    const crashWindow = new Int16Array(RATE / 2).fill(CRASH_SAMPLE);
    // The window that triggers the crash is answered; the thread dies just after.
    await probe(a, 1, crashWindow);
    await vi.waitFor(() => expect(pool.metrics().crashes).toBe(1), { timeout: 20_000 });
    const after = await probe(a, 1.5);
    expect(after.thread).not.toBe(before.thread);
    expect(after.window).toBe(1);
    expect((await probe(c, 0.5)).window).toBe(1);
    // The session on the other worker never noticed.
    expect(await probe(b, 0.5)).toEqual({ ...other, window: 2 });
    expect(pool.metrics()).toMatchObject({ crashes: 1, workers: [{ sessions: 2 }, { sessions: 1 }] });
    // Logged by kind and numbers only: an error's message may carry content.
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>).map(({ time: _time, ...fields }) => fields)).toEqual([
      { level: 'error', event: 'engine_worker_error', worker: 0, error: 'Error' },
      { level: 'error', event: 'engine_worker_exited', worker: 0, code: 1, sessions: 2, replaced: true },
    ]);
  });

  it("answers a kept session's speaker baseline from its worker, and reopens it from the last one after a crash", async () => {
    pool = createEnginePool({ size: 1, engineModule: PROBE });
    const start = { pitch_st: 5, pitch_range_log: 2, loudness_db: -20, rate: 4, tempo: 0.3, pause_ratio: 0.1, windows: 10 };
    const kept = pool.factory(session('kept', { speakerBaseline: start, reportSpeakerBaseline: true }));
    const plain = pool.factory(session('plain'));
    // Before any answer: the baseline it was started from (a resumed conversation's).
    expect(kept.speakerBaseline?.()).toEqual(start);
    await probe(kept);
    await probe(kept, 0.5);
    expect(kept.speakerBaseline?.()).toEqual({ ...start, windows: 12 });
    // A session nobody keeps is sent no baseline.
    await probe(plain);
    expect(plain.speakerBaseline?.()).toBeNull();
    // The crashing window is answered (baseline at 13); the replacement engine starts from there.
    await probe(kept, 1, new Int16Array(RATE / 2).fill(CRASH_SAMPLE));
    await vi.waitFor(() => expect(pool.metrics().crashes).toBe(1), { timeout: 20_000 });
    expect((await probe(kept, 1.5)).window).toBe(1);
    expect(kept.speakerBaseline?.()).toEqual({ ...start, windows: 14 });
  });

  it('replaces a terminated worker and fails the windows it still owed', async () => {
    pool = createEnginePool({ size: 1, engineModule: PROBE });
    const engine = pool.factory(session('a'));
    const before = await probe(engine);
    const owed = engine.analyse(new Int16Array(RATE / 2).fill(STALL_SAMPLE), 0.5);
    await pool.workerAt(0)!.terminate();
    await expect(owed).rejects.toThrow(EngineWorkerError);
    expect(pool.metrics().crashes).toBe(1);
    const after = await probe(engine, 1);
    expect([after.thread === before.thread, after.window]).toEqual([false, 1]);
  });

  it('waits before restarting a worker that dies before it is ready, failing windows meanwhile', async () => {
    pool = createEnginePool({ size: 1, engineModule: new URL('./testing/no-such-engine.ts', import.meta.url), restartBackoffMs: 60_000 });
    const engine = pool.factory(session('a'));
    await expect(engine.analyse(new Int16Array(RATE / 2), 0)).rejects.toThrow('engine worker exited');
    expect(pool.metrics().crashes).toBe(1);
    await expect(engine.analyse(new Int16Array(RATE / 2), 0.5)).rejects.toThrow('engine worker restarting');
    expect(pool.workerAt(0)).toBeNull();
  });

  it('starts every worker up front and resolves once each has loaded its engine', async () => {
    pool = createEnginePool({ size: 2, engineModule: PROBE });
    await pool.start();
    expect([pool.workerAt(0)?.threadId, pool.workerAt(1)?.threadId].every((id) => typeof id === 'number' && id > 0)).toBe(true);
    expect(pool.metrics()).toEqual({ size: 2, crashes: 0, workers: [{ sessions: 0, windowsAnalysed: 0 }, { sessions: 0, windowsAnalysed: 0 }] });
  });

  it('rejects start() when a worker cannot load its engine', async () => {
    pool = createEnginePool({ size: 1, engineModule: new URL('./testing/no-such-engine.ts', import.meta.url), restartBackoffMs: 60_000 });
    await expect(pool.start()).rejects.toThrow('engine worker exited before it was ready');
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => createEnginePool({ size: 0 })).toThrow(RangeError);
  });
});
