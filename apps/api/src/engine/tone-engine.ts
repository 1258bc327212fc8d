import type { SpeakerBaselineState } from '@linnet/shared';
import type { EngineEvent, EngineOptions } from '@linnet/engine';

/** What the API tells an engine about the session whose audio it analyses. */
export interface SessionEngineOptions extends EngineOptions {
  sessionId: string;
  /**
   * Takes back a window's buffer once the engine is done with it, so the next window reuses it
   * instead of allocating (an engine in a worker thread gets the buffer back with its answer).
   */
  recycleWindow?: (window: Int16Array) => void;
  /** The session is kept: `speakerBaseline()` must answer (a worker then sends it with each answer). */
  reportSpeakerBaseline?: boolean;
}

/**
 * One session's analysis as the audio pipeline drives it: the in-process engine answers
 * synchronously, a worker or a sidecar classifier with a promise. Events carry no session id;
 * the pipeline stamps it when it publishes.
 */
export interface SessionEngine {
  /**
   * Answers settle in the order `analyse` was called (a worker's message queue), so the pipeline
   * may send the next window before the last is answered; otherwise it sends one at a time.
   */
  readonly answersInOrder?: boolean;
  analyse(window: Int16Array, startS: number): EngineEvent[] | Promise<EngineEvent[]>;
  /** The speaker baseline's numbers after the last answered window, for engines that keep one. */
  speakerBaseline?(): SpeakerBaselineState | null;
  /** Release everything the session's analysis holds. */
  dispose(): void;
}

/** Builds one engine per session. */
export type SessionEngineFactory = (options: SessionEngineOptions) => SessionEngine;
