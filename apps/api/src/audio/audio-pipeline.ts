import type { EngineEvent } from '@linnet/engine';
import { AUDIO_SAMPLE_RATE, type LinnetEvent } from '@linnet/shared';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { SessionEngine } from '../engine/tone-engine.js';
import { WindowAccumulator } from './window-accumulator.js';

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
}

/**
 * One session's audio path: frames → windows → engine (one window at a time, so an async engine
 * keeps order) → confidence filter → publish. A failing window is logged and dropped; the
 * session carries on.
 */
export class AudioPipeline {
  readonly stats: PipelineStats;
  private readonly accumulator: WindowAccumulator;
  private readonly options: AudioPipelineOptions;
  private readonly logger: Logger;
  private readonly maxPendingWindows: number;
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private disposed = false;

  constructor(options: AudioPipelineOptions) {
    const sampleRate = options.sampleRate ?? AUDIO_SAMPLE_RATE;
    this.options = options;
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
    if (!this.disposed) this.accumulator.push(frame);
  }

  /** The audio stopped for now: analyse what is left of the current window. */
  finishStream(): void {
    if (!this.disposed) this.accumulator.flushPartial();
  }

  /** Resolves once every window queued so far has been analysed (or dropped). */
  whenIdle(): Promise<void> {
    return this.tail;
  }

  /** Release the engine and buffers; results still in flight are discarded. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.accumulator.reset();
    try {
      this.options.engine.dispose();
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
    this.tail = this.tail.then(() => this.analyse(window, startS)).finally(() => {
      this.pending -= 1;
    });
  }

  private async analyse(window: Int16Array, startS: number): Promise<void> {
    if (this.disposed) return;
    let events: EngineEvent[];
    try {
      events = await this.options.engine.analyse(window, startS);
    } catch (error) {
      this.stats.engineErrors += 1;
      this.logger.warn('engine_failed', { session_id: this.options.sessionId, start_s: startS, error: (error as Error)?.name });
      return;
    }
    this.stats.windowsAnalysed += 1;
    if (this.disposed) return;
    for (const event of events) {
      if (event.event_type === 'tone' && event.confidence < this.options.minConfidence) {
        this.stats.toneEventsBelowConfidence += 1;
        continue;
      }
      // The engine knows nothing of sessions: the id is stamped here, as the event is published.
      this.options.publish({ ...event, session_id: this.options.sessionId } as LinnetEvent);
      this.stats.eventsPublished += 1;
    }
  }
}
