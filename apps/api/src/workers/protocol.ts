import type { EngineEvent, EngineOptions } from '@linnet/engine';
import type { SpeakerBaselineState } from '@linnet/shared';

/**
 * Messages between the pool (main thread) and an engine worker. Sessions are named by a small
 * per-pool number, not their id: the worker needs no session identity, and ids stay out of its logs.
 */
export type ToWorker =
  /** `reportBaseline`: send the speaker baseline's numbers with every answer (a kept session). */
  | { type: 'open'; session: number; options: EngineOptions; reportBaseline?: boolean }
  /** The window's buffer is transferred, not copied; it comes back with the answer. */
  | { type: 'analyse'; session: number; window: Int16Array; startS: number }
  | { type: 'close'; session: number };

export type FromWorker =
  /** The engine module is loaded: windows are analysed from now on. */
  | { type: 'ready' }
  | { type: 'result'; session: number; events: EngineEvent[]; window: Int16Array; baseline?: SpeakerBaselineState }
  /** The engine threw for this window (class name only); the session's engine carries on. */
  | { type: 'failed'; session: number; error: string; window: Int16Array };

/** What each worker is started with. */
export interface EngineWorkerData {
  /**
   * URL of a module exporting `createEngine(options: EngineOptions): ToneEngine` to use instead of
   * the prosody engine (tests hand in engines that fail on purpose).
   */
  engineModule?: string;
  /** Set when the worker runs from TypeScript sources: the entry the tsx bootstrap loads. */
  tsEntry?: string;
}
