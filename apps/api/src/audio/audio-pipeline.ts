import type { EngineEvent } from '@linnet/engine';
import { AUDIO_SAMPLE_RATE, type LinnetEvent } from '@linnet/shared';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { SessionEngine } from '../engine/tone-engine.js';
import { int16Samples, WindowAccumulator } from './window-accumulator.js';

/** Counters shared by every session's pipeline, exposed at `/metrics`. */
export interface PipelineStats {
  windowsAnalysed: number;
  /** Windows dropped because the engine fell too far behind real time. */
  windowsDropped: number;
  /** Windows whose analysis threw or rejected. */
  engineErrors: number;
  /** Tone events withheld for being under MIN_CONFIDENCE. */
  toneEventsBelowConfidence: number;
  eventsPublished: number;
}

/** Fresh zeroed counters. */
export function createPipelineStats(): PipelineStats {
  return { windowsAnalysed: 0, windowsDropped: 0, engineErrors: 0, toneEventsBelowConfidence: 0, eventsPublished: 0 };
}

export interface AudioPipelineOptions {
  sessionId: string;
  windowMs: number;
  engine: SessionEngine;
  /** Tone events under this confidence are not published. */
  minConfidence: number;
  publish: (event: LinnetEvent) => void;
  /** @default AUDIO_SAMPLE_RATE */
  sampleRate?: number;
  /** Windows that may wait for a slow engine before new ones are dropped. @default 8 */
  maxPendingWindows?: number;
  stats?: PipelineStats;
  logger?: Logger;
  /**
   * Each accepted frame with the session time it starts at, before it is windowed (captions feed
   * their recogniser here). Called on the socket thread: it must only hand the bytes on (or do
   * as little with them: the captions service also takes 20 ms frame levels, a few µs per frame).
   */
  onFrame?: (pcm: Int16Array, startS: number) => void;
  /** The engine answered (or failed) for the window ending at `endS` seconds. */
  onAnalysed?: (endS: number) => void;
  /** A tone event withheld under `minConfidence`: not published, but whose voice its window was (captions name it). */
  onWithheldTone?: (tone: { speaker_id: string; timestamp: number }) => void;
}

interface QueuedWindow {
  window: Int16Array;
  startS: number;
}

/**
 * One session's audio path: frames → windows → engine → confidence filter → publish, events in
 * window order. A synchronous engine is called and published inline (no promise per window); an
 * asynchronous one gets one window at a time unless it answers in order (the worker pool), in
 * which case windows are sent as they fill. A failing window is logged and dropped; the session
 * carries on.
 */
export class AudioPipeline {
  readonly stats: PipelineStats;
  private readonly accumulator: WindowAccumulator;
  private readonly options: AudioPipelineOptions;
  private readonly engine: SessionEngine;
  private readonly logger: Logger;
  private readonly maxPendingWindows: number;
  /** Windows accepted and not yet answered, queued ones included. */
  private pending = 0;
  /** Windows handed to an asynchronous engine and not yet answered. */
  private inFlight = 0;
  private readonly queued: QueuedWindow[] = [];
  private idleWaiters: Array<() => void> = [];
  private roomWaiters: Array<() => void> = [];
  private disposed = false;
  private readonly sampleRate: number;

  constructor(options: AudioPipelineOptions) {
    const sampleRate = options.sampleRate ?? AUDIO_SAMPLE_RATE;
    this.options = options;
    this.sampleRate = sampleRate;
    this.engine = options.engine;
    this.stats = options.stats ?? createPipelineStats();
    this.logger = options.logger ?? silentLogger;
    this.maxPendingWindows = options.maxPendingWindows ?? 8;
    this.accumulator = new WindowAccumulator({
      windowSamples: Math.round((options.windowMs * sampleRate) / 1000),
      sampleRate,
      onWindow: (window, startS) => this.enqueue(window, startS),
    });
  }

  /** Feed one validated frame of Int16 LE PCM. */
  push(frame: Uint8Array): void {
    if (this.disposed) return;
    // One Int16 view (or copy) per frame, shared by the frame tap and the accumulator.
    const pcm = int16Samples(frame);
    // The accumulator's count is the session clock: a flushed partial window is padded to full.
    this.options.onFrame?.(pcm, this.accumulator.samplesReceived / this.sampleRate);
    this.accumulator.pushSamples(pcm);
  }

  /** The audio stopped for now: analyse what is left of the current window. */
  finishStream(): void {
    if (!this.disposed) this.accumulator.flushPartial();
  }

  /** A window buffer the engine no longer needs; the next window is filled into it. */
  recycle(window: Int16Array): void {
    if (!this.disposed) this.accumulator.recycle(window);
  }

  /** Windows handed to the engine and not yet answered. */
  get pendingWindows(): number {
    return this.pending;
  }

  /**
   * Whether a client streaming faster than real time should wait before sending more: half the
   * windows the pipeline will hold are already waiting. The ingest holds its acks while this is
   * true, so a client that paces itself by acks slows to the engine's speed instead of having
   * windows dropped.
   */
  get congested(): boolean {
    return !this.disposed && this.pending >= Math.ceil(this.maxPendingWindows / 2);
  }

  /** Resolves once the pipeline is no longer congested (or was disposed). */
  whenUncongested(): Promise<void> {
    if (!this.congested) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves once every window queued so far has been analysed (or dropped). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Release the engine and buffers; results still in flight are discarded. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.accumulator.reset();
    for (const wake of this.roomWaiters.splice(0)) wake();
    try {
      this.engine.dispose();
    } catch (error) {
      this.logger.warn('engine_dispose_failed', { session_id: this.options.sessionId, error: (error as Error).name });
    }
  }

  private enqueue(window: Int16Array, startS: number): void {
    if (this.pending >= this.maxPendingWindows) {
      this.stats.windowsDropped += 1;
      this.logger.warn('window_dropped', { session_id: this.options.sessionId, start_s: startS, pending: this.pending });
      return;
    }
    this.pending += 1;
    if (this.inFlight > 0 && !this.engine.answersInOrder) this.queued.push({ window, startS });
    else this.analyse(window, startS);
  }

  private analyse(window: Int16Array, startS: number): void {
    if (this.disposed) return this.settle();
    // Read before the engine call: a worker engine takes the window's buffer away (transfer).
    const endS = startS + window.length / this.sampleRate;
    let answer: EngineEvent[] | Promise<EngineEvent[]>;
    try {
      answer = this.engine.analyse(window, startS);
    } catch (error) {
      this.fail(startS, error);
      this.options.onAnalysed?.(endS);
      return this.settle();
    }
    if (Array.isArray(answer)) {
      try {
        this.publishAll(answer);
        this.options.onAnalysed?.(endS);
      } finally {
        this.settle();
      }
      return;
    }
    this.inFlight += 1;
    answer.then(
      (events) => {
        this.inFlight -= 1;
        try {
          this.publishAll(events);
          if (!this.disposed) this.options.onAnalysed?.(endS);
        } finally {
          this.settle();
        }
      },
      (error: unknown) => {
        this.inFlight -= 1;
        this.fail(startS, error);
        if (!this.disposed) this.options.onAnalysed?.(endS);
        this.settle();
      },
    );
  }

  /** One window answered: start the next queued one, or wake whoever waits for idle. */
  private settle(): void {
    this.pending -= 1;
    if (this.roomWaiters.length > 0 && !this.congested) for (const wake of this.roomWaiters.splice(0)) wake();
    const next = this.inFlight === 0 ? this.queued.shift() : undefined;
    if (next) this.analyse(next.window, next.startS);
    else if (this.pending === 0 && this.idleWaiters.length > 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private fail(startS: number, error: unknown): void {
    this.stats.engineErrors += 1;
    this.logger.warn('engine_failed', { session_id: this.options.sessionId, start_s: startS, error: (error as Error)?.name });
  }

  private publishAll(events: EngineEvent[]): void {
    this.stats.windowsAnalysed += 1;
    if (this.disposed) return;
    for (const event of events) {
      if (event.event_type === 'tone' && event.confidence < this.options.minConfidence) {
        this.stats.toneEventsBelowConfidence += 1;
        this.options.onWithheldTone?.({ speaker_id: event.speaker_id, timestamp: event.timestamp });
        continue;
      }
      // The engine knows nothing of sessions: the id is stamped here, as the event is published.
      this.options.publish({ ...event, session_id: this.options.sessionId } as LinnetEvent);
      this.stats.eventsPublished += 1;
    }
  }
}
