import type { FrameTrack } from './frames.js';
import { PhraseEndTracker } from './phrase-end.js';
import { SyllableCounter } from './syllables.js';

/** What one analysis window says about the voice in it. */
export interface WindowFeatures {
  /** Enough voiced, varying sound to be speech (a steady tone or noise is not). */
  speech: boolean;
  voicedFrames: number;
  /** Seconds from the window start to the first voiced frame, or -1. */
  firstVoicedS: number;
  /** Seconds from the window start to the end of the last voiced frame, or -1. */
  lastVoicedEndS: number;
  /** Median F0 in semitones re 100 Hz. */
  pitchSt: number;
  /** 10th–90th percentile F0 spread in semitones. */
  pitchRangeSt: number;
  /** Power-mean level of active frames above the noise floor, dBFS. */
  loudnessDb: number;
  /** Standard deviation of active-frame levels, dB. */
  loudnessSpreadDb: number;
  /** Syllable nuclei per second of speaking time (long pauses excluded); NaN with too little voicing. */
  rate: number;
  /**
   * Envelope tempo: mean level change per 10 ms between active frames over the level spread — how
   * fast the loudness contour moves through its range, a loudness-independent second rate cue.
   */
  tempo: number;
  /** Share of the window spent in pauses of 200 ms or more. */
  pauseRatio: number;
  /** Steepest final pitch slope (semitones/s) of a phrase ending in this window, NaN if none ended. */
  endSlope: number;
  /** Largest final pitch rise (semitones) of a phrase ending in this window, NaN if none ended. */
  endRiseSt: number;
  /** Heard through a narrowband phone line (frames.ts `NarrowbandDetector`). */
  narrowband: boolean;
  /** The channel the window's voice came through by its own runs (frames.ts `FrameTrack.channel`): how two voices are told apart. */
  channel: 'line' | 'full' | null;
  /** Whether `channel` rests on a run's verdict (frames.ts `FrameTrack.channelSure`): only then may it start a second voice. */
  channelSure: boolean;
}

const MIN_VOICED_FRAMES = 8;
const MIN_RATE_VOICED_FRAMES = 20;
// Gaps shorter than this inside speech are consonants and stops, not pauses.
const LONG_PAUSE_FRAMES = 20;
// A phrase has ended once voicing has stopped this long.
const PHRASE_END_FRAMES = 15;
// A voicing gap this long starts a new voiced run (the final run is what a phrase end is judged on).
const RUN_GAP_FRAMES = 6;
// The floor is a minimum follower, a little under the mean background power.
const FLOOR_POWER_SHARE = 1.2;

function percentile(sorted: Float32Array, count: number, share: number): number {
  return sorted[Math.min(count - 1, Math.max(0, Math.round(share * (count - 1))))]!;
}

/**
 * Summarises the frames of each window into speech presence, pitch, loudness, rate, pauses and
 * phrase-end contour; it remembers the unfinished phrase, syllable and pause across windows.
 */
export class WindowSummariser {
  private pitchScratch: Float32Array;
  private readonly phraseEnd = new PhraseEndTracker();
  private readonly syllables = new SyllableCounter();
  private unvoicedRun = LONG_PAUSE_FRAMES;
  private clockFrames = 0;

  constructor(maxFrames: number) {
    this.pitchScratch = new Float32Array(maxFrames);
  }

  /** Summarise one window's frames; `track` arrays are read only. */
  summarise(track: FrameTrack): WindowFeatures {
    const { count, hopS } = track;
    const { phraseEnd, syllables } = this;
    if (count > this.pitchScratch.length) this.pitchScratch = new Float32Array(count);
    const pitchScratch = this.pitchScratch;
    let unvoicedRun = this.unvoicedRun;
    let clockFrames = this.clockFrames;
    let voicedFrames = 0;
    let activeFrames = 0;
    let pitchCount = 0;
    let powerSum = 0;
    let levelSum = 0;
    let levelSquares = 0;
    let pauseFrames = 0;
    let nuclei = 0;
    let firstVoiced = -1;
    let lastVoiced = -1;
    let endSlope = Number.NaN;
    let endRiseSt = Number.NaN;
    let levelTravel = 0;
    let levelSteps = 0;
    for (let i = 0; i < count; i++) {
      clockFrames++;
      const level = track.levelDb[i]!;
      const voiced = track.voiced[i] === 1;
      if (track.active[i]) {
        activeFrames++;
        // Take the steady background's power out, so loudness in noise still tracks the voice.
        powerSum += Math.max(10 ** (level / 10) - FLOOR_POWER_SHARE * 10 ** (track.floorDb[i]! / 10), 1e-10);
        levelSum += level;
        levelSquares += level * level;
        if (i > 0 && track.active[i - 1]) {
          levelTravel += Math.abs(level - track.levelDb[i - 1]!);
          levelSteps++;
        }
      }
      if (voiced) {
        voicedFrames++;
        if (firstVoiced < 0) firstVoiced = i;
        lastVoiced = i;
        const f0 = track.f0Hz[i]!;
        if (f0 > 0) {
          const semitones = 12 * Math.log2(f0 / 100);
          pitchScratch[pitchCount++] = semitones;
          phraseEnd.add(clockFrames * hopS, semitones, unvoicedRun >= RUN_GAP_FRAMES);
        }
        unvoicedRun = 0;
      } else if (++unvoicedRun === PHRASE_END_FRAMES) {
        const ended = phraseEnd.end();
        if (ended && !(endSlope >= ended.slopeStPerS)) endSlope = ended.slopeStPerS;
        if (ended && !(endRiseSt >= ended.riseSt)) endRiseSt = ended.riseSt;
      }
      // A pause is only known to be long once it is; then its first frames count too.
      if (unvoicedRun === LONG_PAUSE_FRAMES) pauseFrames += LONG_PAUSE_FRAMES;
      else if (unvoicedRun > LONG_PAUSE_FRAMES) pauseFrames++;
      nuclei += syllables.frame(level, voiced);
    }
    this.unvoicedRun = unvoicedRun;
    this.clockFrames = clockFrames;
    const seconds = count * hopS;
    pauseFrames = Math.min(pauseFrames, count);
    const speakingS = Math.max(0.2, seconds - pauseFrames * hopS);
    let pitchSt = Number.NaN;
    let pitchRangeSt = 0;
    if (pitchCount >= 3) {
      const sorted = pitchScratch.subarray(0, pitchCount).sort();
      pitchSt = percentile(sorted, pitchCount, 0.5);
      pitchRangeSt = percentile(sorted, pitchCount, 0.9) - percentile(sorted, pitchCount, 0.1);
    }
    const meanLevel = activeFrames ? levelSum / activeFrames : -100;
    const loudnessSpreadDb = activeFrames ? Math.sqrt(Math.max(0, levelSquares / activeFrames - meanLevel ** 2)) : 0;
    const steadyTone = pitchRangeSt < 0.3 && loudnessSpreadDb < 1.5;
    return {
      speech: voicedFrames >= MIN_VOICED_FRAMES && pitchCount >= 3 && !steadyTone,
      voicedFrames,
      firstVoicedS: firstVoiced < 0 ? -1 : firstVoiced * hopS,
      lastVoicedEndS: lastVoiced < 0 ? -1 : (lastVoiced + 1) * hopS,
      pitchSt,
      pitchRangeSt,
      loudnessDb: activeFrames ? 10 * Math.log10(powerSum / activeFrames) : -100,
      loudnessSpreadDb,
      // With little voicing the nucleus count is mostly chance: report no rate rather than a wild one.
      rate: voicedFrames >= MIN_RATE_VOICED_FRAMES ? nuclei / speakingS : Number.NaN,
      tempo:
        voicedFrames >= MIN_RATE_VOICED_FRAMES && levelSteps >= MIN_RATE_VOICED_FRAMES
          ? levelTravel / levelSteps / Math.max(0.5, loudnessSpreadDb)
          : Number.NaN,
      pauseRatio: pauseFrames / Math.max(1, count),
      endSlope,
      endRiseSt,
      narrowband: track.narrowband,
      channel: track.channel,
      channelSure: track.channelSure,
    };
  }
}

/** A window summariser for one session, sized for windows of up to `maxFrames` hops. */
export function createWindowSummariser(maxFrames: number): WindowSummariser {
  return new WindowSummariser(maxFrames);
}
