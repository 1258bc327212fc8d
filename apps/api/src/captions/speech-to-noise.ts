/**
 * How far an utterance stands above the session's background, estimated from the audio the recogniser is
 * given: the level of the loud frames (speech: the utterance's or the last half minute's) over the level of
 * the quietest frames of the last half minute (the noise between words and phrases). A recogniser's words grow less reliable in
 * noise, and the words rule's Questioning is quoted at the precision measured at that estimate
 * (question-words.ts). Only frame levels and their times are kept, never samples.
 */
import { AUDIO_SAMPLE_RATE } from '@linnet/shared';
import { percentile } from '../lib/percentile.js';

/** Frame length for levels: 20 ms, long enough for a stable level, short enough to fall between words. */
const FRAME_SAMPLES = AUDIO_SAMPLE_RATE / 50;
/** Levels of the last 30 s of audio received (of the current stretch, below): long enough to hold pauses, short enough to follow a move. */
const MEMORY_FRAMES = (30 * AUDIO_SAMPLE_RATE) / FRAME_SAMPLES;
/**
 * A frame this quiet or quieter (digital silence: padding, a muted or gated input) counts as this level. The
 * corpus's clean files have digital silence between phrases, and a quiet room reads the same (at the cap), so
 * the map fitted on the one applies to the other; an input gated to zeros between words in a noisy room reads
 * as a quiet room too (docs/tone.md says so).
 */
const FLOOR_DBFS = -90;
/** The noise level: the 10th percentile of the held frames' levels (pauses between words and phrases). */
const NOISE_PERCENTILE = 0.1;
/**
 * The speech level: the louder of the utterance's own 90th percentile (it is words from end to end) and the held
 * frames' 95th. The session's is steadier while it speaks much of the time (one utterance's level varies with
 * its words); the utterance's holds when the session has been mostly quiet, where a session-wide percentile
 * would land on the noise and read a question after a long silence as heard through noise.
 */
const UTTERANCE_SPEECH_PERCENTILE = 0.9;
const SESSION_SPEECH_PERCENTILE = 0.95;
/**
 * Speech this far above the noise is a quiet room as far as a recogniser is concerned: estimates stop here. An
 * assumption, not a measurement: the corpus has no condition between 20 dB and clean (docs/tone.md).
 */
export const QUIET_ROOM_DB = 40;
const FULL_SCALE_SQUARED = 32768 * 32768;

/**
 * Levels of a session's recent 20 ms frames with their start times, and speech-over-noise estimates from them. The
 * audio comes in stretches (the microphone on, off, on again; session time counts the audio received, so the gap
 * leaves no mark in it), and the user may have moved between them, from a busy street into a quiet room: an
 * utterance is judged only against the frames of its own stretch.
 */
export class SpeechToNoise {
  private readonly levels = new Float64Array(MEMORY_FRAMES);
  private readonly startsS = new Float64Array(MEMORY_FRAMES);
  private readonly stretchOf = new Uint32Array(MEMORY_FRAMES);
  private frames = 0;
  private sumSquares = 0;
  private samplesInFrame = 0;
  private frameStartS = 0;
  private stretch = 0;
  private stopped = false;

  /** PCM of the session starting at `startS` seconds of its audio. */
  write(pcm: Int16Array, startS: number): void {
    if (this.stopped) {
      // Audio again after a stop: a new stretch, and no frame straddles the gap.
      this.stopped = false;
      this.stretch++;
      this.sumSquares = 0;
      this.samplesInFrame = 0;
    }
    for (let i = 0; i < pcm.length; i++) {
      if (this.samplesInFrame === 0) this.frameStartS = startS + i / AUDIO_SAMPLE_RATE;
      const sample = pcm[i]!;
      this.sumSquares += sample * sample;
      if (++this.samplesInFrame < FRAME_SAMPLES) continue;
      const slot = this.frames % MEMORY_FRAMES;
      const power = this.sumSquares / FRAME_SAMPLES / FULL_SCALE_SQUARED;
      this.levels[slot] = power > 0 ? Math.max(FLOOR_DBFS, 10 * Math.log10(power)) : FLOOR_DBFS;
      this.startsS[slot] = this.frameStartS;
      this.stretchOf[slot] = this.stretch;
      this.frames++;
      this.sumSquares = 0;
      this.samplesInFrame = 0;
    }
  }

  /**
   * The audio stopped (the microphone went off): what is written next starts a new stretch. The frames held stay,
   * for the words the recogniser still finishes from before the stop.
   */
  stop(): void {
    this.stopped = true;
  }

  /**
   * The utterance `[fromS, toS)` over the noise of the held frames of its stretch, in dB, from 0 to QUIET_ROOM_DB;
   * 0 when no held frame is in the utterance (the cautious end).
   */
  snrDb(fromS: number, toS: number): number {
    const held = Math.min(this.frames, MEMORY_FRAMES);
    let estimate = Number.POSITIVE_INFINITY;
    // Words joined across a stop (late words from before it, then the first after it) are judged in each room they
    // were said in, and quoted for the noisier: the cautious side.
    for (const stretch of this.stretchesIn(fromS, toS, held)) estimate = Math.min(estimate, this.snrInStretch(fromS, toS, held, stretch));
    return Number.isFinite(estimate) ? estimate : 0;
  }

  /** The stretches of the held frames that start in `[fromS, toS)`. */
  private stretchesIn(fromS: number, toS: number, held: number): Set<number> {
    const stretches = new Set<number>();
    for (let slot = 0; slot < held; slot++) {
      const startS = this.startsS[slot]!;
      if (startS >= fromS && startS < toS) stretches.add(this.stretchOf[slot]!);
    }
    return stretches;
  }

  /** The utterance's frames of one stretch over the noise of that stretch's held frames, in dB, capped. */
  private snrInStretch(fromS: number, toS: number, held: number, stretch: number): number {
    const utterance: number[] = [];
    const room: number[] = [];
    for (let slot = 0; slot < held; slot++) {
      if (this.stretchOf[slot] !== stretch) continue;
      const level = this.levels[slot]!;
      room.push(level);
      const startS = this.startsS[slot]!;
      if (startS >= fromS && startS < toS) utterance.push(level);
    }
    // Both of the room's percentiles from one sort.
    room.sort((a, b) => a - b);
    utterance.sort((a, b) => a - b);
    const speech = Math.max(percentile(utterance, UTTERANCE_SPEECH_PERCENTILE), percentile(room, SESSION_SPEECH_PERCENTILE));
    return Math.max(0, Math.min(QUIET_ROOM_DB, speech - percentile(room, NOISE_PERCENTILE)));
  }
}
