import type { LinnetEvent } from '@linnet/shared';

/** What an engine knows about the session whose audio it analyses. */
export interface EngineSessionOptions {
  sessionId: string;
  /** Bracketed "[Label — ...]" subtext instead of a plain sentence. */
  elcor: boolean;
  /** Length of each analysis window in milliseconds (500..3000). */
  windowMs: number;
  /** PCM sample rate in Hz (16 000 on the wire). */
  sampleRate: number;
}

/**
 * Turns consecutive PCM windows of one session into Linnet events. One instance per session:
 * it may keep state (speaker baseline, call-state hangover) between windows.
 */
export interface ToneEngine {
  /**
   * Analyse one window. `startS` is the window's offset in seconds from the session's first
   * sample, so events are placed on audio time and a recording streamed faster than real time
   * yields the same events as one streamed live. Returned events carry `session_id` and
   * `timestamp` already; the caller filters tone events under MIN_CONFIDENCE.
   */
  analyse(window: Int16Array, startS: number): LinnetEvent[] | Promise<LinnetEvent[]>;
  /** Release everything the session's analysis holds. */
  dispose(): void;
}

/** Builds one engine per session. */
export type ToneEngineFactory = (options: EngineSessionOptions) => ToneEngine;

/** Tone events below this confidence are not emitted unless MIN_CONFIDENCE says otherwise. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;
