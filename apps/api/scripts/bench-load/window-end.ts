/**
 * Which sent frame completed the analysis window an event came from, so event latency is measured
 * from the moment the server had all the audio it needed (window end), not from the audio's start.
 */

/**
 * The speaker tracker's hangover: `no_speaker` is emitted by the first window that ends at least this
 * long after the last voiced instant (createSpeakerTracker's default in
 * packages/engine/src/prosody/speaker.ts; the engine does not export it).
 */
export const SPEAKER_HANGOVER_S = 1.0;

// Event timestamps are sums of float seconds; keep a window boundary from flipping on rounding.
const EPSILON_S = 1e-6;

/** The fields of a streamed event the mapping reads. */
export interface TimedEvent {
  event_type: string;
  label?: string;
  timestamp: number;
}

/**
 * Index (from 0) of the window whose analysis produced the event, or null for event types that are
 * not mapped (queue, environ, transcript: their timestamps follow call-state blocks, not windows).
 * - tone: `timestamp` is the window's start.
 * - speaker `human_single`: stamped at the voice onset, inside the window that detected it.
 * - speaker `no_speaker`: stamped at the last voiced instant, emitted by the first window ending at
 *   least the hangover later.
 */
export function eventWindowIndex(event: TimedEvent, windowS: number, hangoverS = SPEAKER_HANGOVER_S): number | null {
  const at = event.timestamp;
  if (event.event_type === 'tone') return Math.round(at / windowS);
  if (event.event_type !== 'speaker') return null;
  const containing = Math.floor(at / windowS + EPSILON_S);
  if (event.label !== 'no_speaker') return containing;
  return Math.max(containing, Math.ceil((at + hangoverS) / windowS - EPSILON_S) - 1);
}

/** Index (from 0) of the frame whose arrival completes window `windowIndex`. */
export function windowEndFrame(windowIndex: number, windowMs: number, frameMs: number): number {
  return Math.ceil(((windowIndex + 1) * windowMs) / frameMs) - 1;
}
