import type { SpeakerBaselineState } from '@linnet/shared';

/** The window measurements a speaker baseline keeps. */
export interface VoiceProfile {
  pitchSt: number;
  /** log2(1 + the window's pitch range in semitones): range changes are heard as ratios. */
  pitchRangeLog: number;
  loudnessDb: number;
  rate: number;
  tempo: number;
  pauseRatio: number;
}

/** Population defaults used before a speaker has said much (adult speech on a phone mic). */
export const POPULATION_PROFILE: VoiceProfile = {
  pitchSt: 6,
  pitchRangeLog: 2,
  loudnessDb: -24,
  rate: 5,
  tempo: 0.3,
  pauseRatio: 0.15,
};

/** Spread of one window's value around a speaker's own norm: the unit of every deviation. */
export const WINDOW_SPREAD: VoiceProfile = {
  pitchSt: 1.5,
  pitchRangeLog: 0.45,
  loudnessDb: 2.5,
  rate: 0.8,
  tempo: 0.05,
  pauseRatio: 0.15,
};

const KEYS = Object.keys(POPULATION_PROFILE) as Array<keyof VoiceProfile>;
// The population prior counts as this many windows of the speaker's own speech.
const PRIOR_WINDOWS = 0.5;
// Until this many windows the norm is a plain running mean: early clipping would keep it near the prior.
const LEARNING_WINDOWS = 6;
// Long-run memory of about a minute of speech windows.
const MIN_RATE = 1 / 60;
// Windows far from the norm (a burst of anger) move the baseline at a fraction of the usual rate.
const OUTLIER_WEIGHT = 0.25;
// Each step is clipped to this many spreads: a running-median-like, outlier-robust update.
const MAX_STEP_SPREADS = 2;

/**
 * Robust running norm of one speaker: starts at the population defaults, learns fast over the first
 * windows of speech, then follows slowly with clipped steps so outliers barely move it.
 */
export class SpeakerBaseline {
  /** The current norm (read only outside). */
  readonly norm: VoiceProfile = { ...POPULATION_PROFILE };
  /** Speech windows learnt from so far. */
  windows = 0;

  /**
   * Start from the population defaults, or from `state` (a kept conversation's baseline, when it is resumed); a
   * number of `state` that is not finite keeps its population default.
   */
  constructor(state?: SpeakerBaselineState) {
    if (!state) return;
    const kept: VoiceProfile = {
      pitchSt: state.pitch_st,
      pitchRangeLog: state.pitch_range_log,
      loudnessDb: state.loudness_db,
      rate: state.rate,
      tempo: state.tempo,
      pauseRatio: state.pause_ratio,
    };
    // A NaN norm would never heal (each step adds rate × NaN) and would make every window's deviation NaN, which the
    // fitted model reads as no evidence for any label: a constant Calm whatever the voice does.
    for (const key of KEYS) if (Number.isFinite(kept[key])) this.norm[key] = kept[key];
    this.windows = Number.isFinite(state.windows) ? state.windows : 0;
  }

  /** The baseline's numbers, as a conversation keeps them (never audio). */
  state(): SpeakerBaselineState {
    const { norm } = this;
    return {
      pitch_st: norm.pitchSt,
      pitch_range_log: norm.pitchRangeLog,
      loudness_db: norm.loudnessDb,
      rate: norm.rate,
      tempo: norm.tempo,
      pause_ratio: norm.pauseRatio,
      windows: this.windows,
    };
  }

  /** Learn from one window's measurements; NaN fields are skipped. `outlier` lowers its weight. */
  learn(profile: VoiceProfile, outlier: boolean): void {
    const { norm, windows } = this;
    const learning = windows < LEARNING_WINDOWS;
    const rate = Math.max(MIN_RATE, 1 / (windows + PRIOR_WINDOWS + 1)) * (outlier && !learning ? OUTLIER_WEIGHT : 1);
    for (const key of KEYS) {
      const value = profile[key];
      if (!Number.isFinite(value)) continue;
      const limit = learning ? Infinity : MAX_STEP_SPREADS * WINDOW_SPREAD[key];
      const step = Math.max(-limit, Math.min(limit, value - norm[key]));
      norm[key] += rate * step;
    }
    this.windows++;
  }
}
