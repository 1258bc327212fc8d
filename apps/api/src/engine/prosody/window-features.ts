import type { FrameTrack } from './frames.js';

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
  /** Power-mean level of active frames, dBFS. */
  loudnessDb: number;
  /** Standard deviation of active-frame levels, dB. */
  loudnessSpreadDb: number;
  /** Syllable nuclei per second of speaking time (long pauses excluded). */
  rate: number;
  /** Share of the window spent in pauses of 200 ms or more. */
  pauseRatio: number;
  /** Steepest pitch slope (semitones/s) at a phrase end in this window, NaN if no phrase ended. */
  endSlope: number;
  /** Largest final rise (last pitch minus the lowest of the phrase's last 300 ms), semitones, NaN if no phrase ended. */
  endRiseSt: number;
}

const MIN_VOICED_FRAMES = 8;
const MIN_RATE_VOICED_FRAMES = 20;
// Gaps shorter than this inside speech are consonants and stops, not pauses.
const LONG_PAUSE_FRAMES = 20;
// A phrase has ended once voicing has stopped this long.
const PHRASE_END_FRAMES = 15;
// A syllable nucleus must rise this far above the dip before it.
const NUCLEUS_PROMINENCE_DB = 2.5;
const MIN_NUCLEUS_GAP_FRAMES = 8;
// Pitch points (every 20 ms) of the last 200 ms of a phrase decide whether its end rises.
const TAIL_POINTS = 10;
const RUN_GAP_FRAMES = 6;
const PHRASE_POINTS = 15;

function percentile(sorted: Float32Array, count: number, share: number): number {
  const at = Math.min(count - 1, Math.max(0, Math.round(share * (count - 1))));
  return sorted[at]!;
}

/**
 * Summarises the frames of each window into speech presence, pitch, loudness, rate, pauses and
 * phrase-end slope; it remembers the unfinished phrase and pause across windows.
 */
export function createWindowSummariser(maxFrames: number) {
  const pitchScratch = new Float32Array(maxFrames);
  const tailTimes = new Float32Array(TAIL_POINTS);
  const tailPitch = new Float32Array(TAIL_POINTS);
  let tailCount = 0;
  // The last 300 ms of pitch points of the phrase, across short gaps, for the final rise.
  const phrasePitch = new Float32Array(PHRASE_POINTS);
  let phraseCount = 0;
  let phraseNext = 0;
  let tailNext = 0;
  let unvoicedRun = LONG_PAUSE_FRAMES;
  let lastPeakGap = MIN_NUCLEUS_GAP_FRAMES;
  let dipDb = 0;
  let peakDb = 0;
  let envelope = -100;
  let rising = false;
  let clockFrames = 0;

  /** Last pitch minus the lowest of the phrase tail, over 3-point medians so one octave slip is ignored. */
  function finalRise(): number {
    if (phraseCount < 5) return Number.NaN;
    const oldest = phraseCount === PHRASE_POINTS ? phraseNext : 0;
    const at = (k: number) => phrasePitch[(oldest + k) % PHRASE_POINTS]!;
    let lowest = Infinity;
    let last = 0;
    for (let k = 1; k < phraseCount - 1; k++) {
      const a = at(k - 1);
      const b = at(k);
      const c = at(k + 1);
      last = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
      lowest = Math.min(lowest, last);
    }
    return last - lowest;
  }

  function tailSlope(): number {
    if (tailCount < 4) return Number.NaN;
    let meanT = 0;
    let meanP = 0;
    for (let i = 0; i < tailCount; i++) {
      meanT += tailTimes[i]!;
      meanP += tailPitch[i]!;
    }
    meanT /= tailCount;
    meanP /= tailCount;
    let covariance = 0;
    let variance = 0;
    for (let i = 0; i < tailCount; i++) {
      const dt = tailTimes[i]! - meanT;
      covariance += dt * (tailPitch[i]! - meanP);
      variance += dt * dt;
    }
    return variance > 0 ? covariance / variance : Number.NaN;
  }

  return {
    /** Summarise one window's frames; `track` arrays are read only. */
    summarise(track: FrameTrack): WindowFeatures {
      const { count, hopS } = track;
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
      for (let i = 0; i < count; i++) {
        clockFrames++;
        const level = track.levelDb[i]!;
        const voiced = track.voiced[i]!;
        if (track.active[i]) {
          activeFrames++;
          // Take the steady background's power out, so loudness in noise still tracks the voice.
          powerSum += Math.max(10 ** (level / 10) - 1.2 * 10 ** (track.floorDb[i]! / 10), 1e-10);
          levelSum += level;
          levelSquares += level * level;
        }
        if (voiced) {
          voicedFrames++;
          if (firstVoiced < 0) firstVoiced = i;
          lastVoiced = i;
          // The contour that matters is the last voiced run: a gap restarts it.
          if (unvoicedRun >= RUN_GAP_FRAMES) tailCount = tailNext = 0;
          unvoicedRun = 0;
          const f0 = track.f0Hz[i]!;
          if (f0 > 0) {
            const semitones = 12 * Math.log2(f0 / 100);
            pitchScratch[pitchCount++] = semitones;
            tailTimes[tailNext] = clockFrames * hopS;
            tailPitch[tailNext] = semitones;
            tailNext = (tailNext + 1) % TAIL_POINTS;
            tailCount = Math.min(TAIL_POINTS, tailCount + 1);
            phrasePitch[phraseNext] = semitones;
            phraseNext = (phraseNext + 1) % PHRASE_POINTS;
            phraseCount = Math.min(PHRASE_POINTS, phraseCount + 1);
          }
        } else if (++unvoicedRun === PHRASE_END_FRAMES && tailCount > 0) {
          // A phrase just ended: judge its final contour, then start the next phrase afresh.
          const slope = tailSlope();
          if (!(endSlope >= slope)) endSlope = slope;
          const rise = finalRise();
          if (!(endRiseSt >= rise)) endRiseSt = rise;
          tailCount = tailNext = 0;
          phraseCount = phraseNext = 0;
        }
        if (unvoicedRun >= LONG_PAUSE_FRAMES) pauseFrames += unvoicedRun === LONG_PAUSE_FRAMES ? LONG_PAUSE_FRAMES : 1;
        // Syllable nuclei: peaks of the smoothed voiced-energy envelope, prominent on both sides.
        envelope += 0.5 * ((voiced ? level : -100) - envelope);
        lastPeakGap++;
        if (!rising) {
          if (envelope < dipDb) dipDb = envelope;
          else if (envelope > dipDb + NUCLEUS_PROMINENCE_DB) {
            rising = true;
            peakDb = envelope;
          }
        } else if (envelope > peakDb) {
          peakDb = envelope;
        } else if (envelope < peakDb - NUCLEUS_PROMINENCE_DB) {
          if (lastPeakGap >= MIN_NUCLEUS_GAP_FRAMES) {
            nuclei++;
            lastPeakGap = 0;
          }
          rising = false;
          dipDb = envelope;
        }
      }
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
        pauseRatio: pauseFrames / Math.max(1, count),
        endSlope,
        endRiseSt,
      };
    },
  };
}
