import type { EnvironEvent, QueueEvent } from '@linnet/shared';

/** A call-state event before the engine stamps it with the session id. */
export type CallStateEvent = Omit<QueueEvent, 'session_id'> | Omit<EnvironEvent, 'session_id'>;

/** What the detector reports for one window of audio. */
export interface CallStateOutput {
  /** Queue and environ events, on change only, timestamped in seconds of audio time. */
  events: CallStateEvent[];
  /** The window is dominated by call tones, DTMF or music rather than a voice. */
  nonSpeech: boolean;
}

/** Options for one session's call-state detector. */
export interface CallStateOptions {
  /** PCM sample rate in Hz (16 000 on the wire). */
  sampleRate: number;
}

/** One session's call-state detector; windows must be consecutive. */
export interface CallStateDetector {
  /** Analyse one window of samples in -1..1 starting at `startS` seconds of audio time. */
  process(window: Float32Array, startS: number): CallStateOutput;
}
