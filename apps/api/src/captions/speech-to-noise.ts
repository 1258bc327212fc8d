/**
 * How far a session's speech stands above its background, estimated from the audio the recogniser is
 * given: the level of the loudest frames (speech) over the level of the quietest (the noise between
 * words), over the last half minute. A recogniser's words grow less reliable in noise, and the words
 * rule's Questioning is quoted at the precision measured at that estimate (question-words.ts).
 * Only frame levels are kept, never samples.
 */

/** Frame length for levels: 20 ms, long enough for a stable level, short enough to fall between words. */
const FRAME_SAMPLES = 320;
/** Levels of the last 30 s of audio (at 16 kHz): long enough to hold pauses, short enough to follow a move. */
const MEMORY_FRAMES = 1500;
/** A frame this quiet or quieter (digital silence) counts as this level, so a silent gap is not −∞ dB. */
const FLOOR_DBFS = -90;
/** The noise level: the 10th percentile of frame levels (pauses between words and phrases). */
const NOISE_PERCENTILE = 0.1;
/** The speech level: the 95th percentile (a session speaking a twentieth of the time still shows speech). */
const SPEECH_PERCENTILE = 0.95;
/**
 * Speech this far above the noise is a quiet room as far as a recogniser is concerned: estimates stop here, so
 * the corpus's clean files (digital silence between phrases, ~60 dB) and a real quiet room (30-50 dB) read alike.
 * An assumption, not a measurement: the corpus has no condition between 20 dB and clean (docs/tone.md).
 */
export const QUIET_ROOM_DB = 40;
const FULL_SCALE_SQUARED = 32768 * 32768;

/** A running estimate of speech over noise, in dB, from 16 kHz PCM as it is written. */
export class SpeechToNoise {
  private readonly levels = new Float64Array(MEMORY_FRAMES);
  private frames = 0;
  private sumSquares = 0;
  private samplesInFrame = 0;

  /** Consecutive PCM of the session. */
  write(pcm: Int16Array): void {
    for (let i = 0; i < pcm.length; i++) {
      const sample = pcm[i]!;
      this.sumSquares += sample * sample;
      if (++this.samplesInFrame < FRAME_SAMPLES) continue;
      const power = this.sumSquares / FRAME_SAMPLES / FULL_SCALE_SQUARED;
      this.levels[this.frames % MEMORY_FRAMES] = power > 0 ? Math.max(FLOOR_DBFS, 10 * Math.log10(power)) : FLOOR_DBFS;
      this.frames++;
      this.sumSquares = 0;
      this.samplesInFrame = 0;
    }
  }

  /**
   * Speech over noise in dB over the held frames, at most QUIET_ROOM_DB; 0 before any whole frame (nothing
   * known: the cautious end).
   */
  snrDb(): number {
    const held = Math.min(this.frames, MEMORY_FRAMES);
    if (held === 0) return 0;
    const sorted = this.levels.slice(0, held).sort();
    const at = (share: number) => sorted[Math.min(held - 1, Math.floor(share * held))]!;
    return Math.min(QUIET_ROOM_DB, at(SPEECH_PERCENTILE) - at(NOISE_PERCENTILE));
  }
}
