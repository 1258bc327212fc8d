import type { LabelOffsets } from './prosody/label-offsets.js';
import type { ToneScorer } from './prosody/labels.js';
import type { EnvironEvent, QueueEvent, SpeakerBaselineState, SpeakerEvent, ToneEvent, TranscriptEvent } from '@linnet/shared';

/** A Linnet event as the engine produces it: the API stamps the session id when it publishes. */
export type EngineEvent =
  | Omit<ToneEvent, 'session_id'>
  | Omit<SpeakerEvent, 'session_id'>
  | Omit<TranscriptEvent, 'session_id'>
  | Omit<QueueEvent, 'session_id'>
  | Omit<EnvironEvent, 'session_id'>;

/** What an engine needs to know about the audio of the session it analyses. */
export interface EngineOptions {
  /** Bracketed "[Label — ...]" subtext instead of a plain sentence. */
  elcor: boolean;
  /** Length of each analysis window in milliseconds (500..3000); buffers are sized from it. */
  windowMs: number;
  /** PCM sample rate in Hz (16 000 on the wire). */
  sampleRate: number;
  /**
   * Tone confidence before the calibration map (prosody/confidence-calibration.ts): only for
   * fitting and checking that map (`pnpm eval`). @default false
   */
  rawConfidence?: boolean;
  /** This installation's learnt tone-label offsets (prosody/label-offsets.ts); none by default. */
  labelOffsets?: LabelOffsets;
  /** Where the speaker baseline starts (a resumed conversation's); population defaults without it. */
  speakerBaseline?: SpeakerBaselineState;
  /**
   * Scores a window's deviations in place of the label rules (prosody/labels.ts `decideTone`): only for
   * evaluating fitted scorers against the rules (`scripts/eval/tone-fit.ts`). @default decideTone
   */
  toneScorer?: ToneScorer;
}

/**
 * Turns consecutive PCM windows of one session into events. One instance per session: it keeps
 * state (speaker baseline, call-state hangover) between windows, so windows must be consecutive.
 */
export interface ToneEngine {
  /**
   * Analyse one window synchronously. `startS` is the window's offset in seconds from the
   * session's first sample, so events are placed on audio time and a recording streamed faster
   * than real time yields the same events as one streamed live. The caller filters tone events
   * under its minimum confidence.
   */
  analyse(window: Int16Array, startS: number): EngineEvent[];
  /** The speaker baseline's numbers now, for an engine that keeps one (kept with the conversation). */
  speakerBaseline?(): SpeakerBaselineState;
  /** Release everything the session's analysis holds. */
  dispose(): void;
}

/** Tone events below this confidence are not shown unless the deployment says otherwise. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;
