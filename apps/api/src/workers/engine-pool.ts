import type { EngineEvent, EngineOptions } from '@linnet/engine';
import type { Worker } from 'node:worker_threads';
import type { SessionEngine, SessionEngineFactory } from '../engine/tone-engine.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { spawnEngineWorker } from './spawn-engine-worker.js';

/** A window the worker could not analyse, or never answered because it died. */
export class EngineWorkerError extends Error {
  override readonly name = 'EngineWorkerError';
}

export interface EnginePoolOptions {
  /** Worker threads (ENGINE_WORKERS). */
  size: number;
  /** A module exporting `createEngine` to run instead of the prosody engine (tests). */
  engineModule?: URL;
  logger?: Logger;
  /** First delay before restarting a worker that died before it was ready; doubles up to 30 s. @default 1 000 */
  restartBackoffMs?: number;
}

interface Pending {
  resolve: (events: EngineEvent[]) => void;
  reject: (error: Error) => void;
}

interface PinnedSession {
  /** The session's number in this pool: what the worker knows it by. */
  number: number;
  options: EngineOptions;
  /** Answers the worker owes, oldest first: it answers a session's windows in the order sent. */
  pending: Pending[];
  recycleWindow?: (window: Int16Array) => void;
}

interface Slot {
  index: number;
  worker: Worker | null;
  ready: boolean;
  /** Settles when the current worker has loaded its engine, or has died before that. */
  loaded: Promise<void>;
  sessions: Map<number, PinnedSession>;
  windowsAnalysed: number;
  /** Consecutive deaths before `ready`: a worker that cannot even load is restarted more slowly. */
  failedStarts: number;
  restartTimer: NodeJS.Timeout | null;
}

const MAX_RESTART_BACKOFF_MS = 30_000;

/**
 * A fixed set of engine worker threads with each session pinned to one for its life (its engine
 * keeps state between windows), on the worker with the fewest sessions. Windows are transferred,
 * not copied, and their buffers come back with the events. A worker that dies is replaced; its
 * sessions carry on there with fresh engines, and the windows it owed are failed.
 */
export function createEnginePool({ size, engineModule, logger = silentLogger, restartBackoffMs = 1_000 }: EnginePoolOptions) {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const slots: Slot[] = Array.from({ length: size }, (_, index) => ({
    index,
    worker: null,
    ready: false,
    loaded: Promise.resolve(),
    sessions: new Map(),
    windowsAnalysed: 0,
    failedStarts: 0,
    restartTimer: null,
  }));
  let nextSessionNumber = 1;
  let crashes = 0;
  let closed = false;

  function post(slot: Slot, message: ToWorker, transfer?: ArrayBuffer[]): void {
    slot.worker?.postMessage(message, transfer);
  }

  function start(slot: Slot): void {
    // Started by `start()`, or by the first session a slot gets when the pool was not started.
    const worker = spawnEngineWorker({ engineModule: engineModule?.href });
    slot.worker = worker;
    slot.ready = false;
    slot.loaded = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => message.type === 'ready' && resolve());
      worker.once('exit', () => reject(new EngineWorkerError('engine worker exited before it was ready')));
    });
    // Only `start()` awaits it; a restart that fails is handled (and counted) by onExit.
    slot.loaded.catch(() => {});
    worker.on('message', (message: FromWorker) => onMessage(slot, message));
    worker.on('error', (error) => logger.error('engine_worker_error', { worker: slot.index, error: error?.name ?? 'Error' }));
    worker.once('exit', (code) => onExit(slot, worker, code));
    // A replacement starts every session that was pinned here afresh: engine state is lost with the thread.
    for (const session of slot.sessions.values()) post(slot, { type: 'open', session: session.number, options: session.options });
  }

  function onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = true;
      slot.failedStarts = 0;
      return;
    }
    const session = slot.sessions.get(message.session);
    // A session disposed while its windows were in flight: the answers are no longer wanted.
    if (!session) return;
    const waiting = session.pending.shift();
    session.recycleWindow?.(message.window);
    if (message.type === 'result') {
      slot.windowsAnalysed += 1;
      waiting?.resolve(message.events);
    } else {
      waiting?.reject(new EngineWorkerError(`engine failed: ${message.error}`));
    }
  }

  function onExit(slot: Slot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    if (closed) return;
    crashes += 1;
    if (!slot.ready) slot.failedStarts += 1;
    logger.error('engine_worker_exited', { worker: slot.index, code, sessions: slot.sessions.size, replaced: true });
    for (const session of slot.sessions.values()) {
      for (const waiting of session.pending.splice(0)) waiting.reject(new EngineWorkerError('engine worker exited'));
    }
    if (slot.failedStarts === 0) {
      start(slot);
      return;
    }
    const delay = Math.min(MAX_RESTART_BACKOFF_MS, restartBackoffMs * 2 ** (slot.failedStarts - 1));
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (!closed) start(slot);
    }, delay);
    slot.restartTimer.unref();
  }

  function leastLoaded(): Slot {
    let best: Slot | undefined;
    for (const slot of slots) {
      // A slot waiting to restart a worker that would not load takes sessions only if all do.
      if (slot.restartTimer) continue;
      if (!best || slot.sessions.size < best.sessions.size) best = slot;
    }
    return best ?? slots[0]!;
  }

  /** Builds a session's engine on the least loaded worker; it stays there until disposed. */
  const factory: SessionEngineFactory = ({ elcor, windowMs, sampleRate, labelOffsets, recycleWindow }) => {
    if (closed) throw new EngineWorkerError('engine pool closed');
    const slot = leastLoaded();
    const session: PinnedSession = { number: nextSessionNumber++, options: { elcor, windowMs, sampleRate, labelOffsets }, pending: [], recycleWindow };
    slot.sessions.set(session.number, session);
    if (slot.worker) post(slot, { type: 'open', session: session.number, options: session.options });
    else if (!slot.restartTimer) start(slot);
    let disposed = false;
    const engine: SessionEngine = {
      answersInOrder: true,
      analyse(window, startS) {
        if (disposed) return [];
        if (!slot.worker) return Promise.reject(new EngineWorkerError('engine worker restarting'));
        return new Promise<EngineEvent[]>((resolve, reject) => {
          session.pending.push({ resolve, reject });
          post(slot, { type: 'analyse', session: session.number, window, startS }, [window.buffer as ArrayBuffer]);
        });
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        slot.sessions.delete(session.number);
        post(slot, { type: 'close', session: session.number });
        for (const waiting of session.pending.splice(0)) waiting.resolve([]);
      },
    };
    return engine;
  };

  return {
    factory,
    /**
     * Start every worker now and resolve once each has loaded its engine, so the first sessions do
     * not wait for a thread to boot and a worker that cannot load stops the server at start-up.
     */
    async start(): Promise<void> {
      for (const slot of slots) if (!slot.worker && !slot.restartTimer && !closed) start(slot);
      await Promise.all(slots.map((slot) => slot.loaded));
    },
    /** Counters for `/metrics`: worker restarts, and each worker's sessions and windows. */
    metrics() {
      return {
        size,
        crashes,
        workers: slots.map((slot) => ({ sessions: slot.sessions.size, windowsAnalysed: slot.windowsAnalysed })),
      };
    },
    /** The worker thread a slot runs now (tests end one to see it replaced). */
    workerAt(index: number): Worker | null {
      return slots[index]?.worker ?? null;
    },
    /** Stop every worker; sessions still open get no more answers. */
    async close(): Promise<void> {
      closed = true;
      const running = slots.map((slot) => {
        if (slot.restartTimer) clearTimeout(slot.restartTimer);
        for (const session of slot.sessions.values()) for (const waiting of session.pending.splice(0)) waiting.resolve([]);
        const worker = slot.worker;
        slot.worker = null;
        return worker?.terminate();
      });
      await Promise.all(running);
    },
  };
}

export type EnginePool = ReturnType<typeof createEnginePool>;
