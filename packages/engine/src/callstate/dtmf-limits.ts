/** DTMF low (row) and high (column) group frequencies in Hz, ITU-T Q.23. */
export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLUMNS = [1209, 1336, 1477, 1633] as const;
/** The analyser's first eight frequencies must be these, rows then columns. */
export const DTMF_FREQUENCIES: readonly number[] = [...DTMF_ROWS, ...DTMF_COLUMNS];
/** Keys by row-major index: row * 4 + column. */
export const KEYS = '123A456B789C*0#D';

/** Decision thresholds, ITU-T Q.24 and common receiver practice (see docs/call-state.md). */
export const DTMF_LIMITS = {
  /** Low group may exceed high group by this much ("normal" twist). */
  normalTwistDb: 8,
  /** High group may exceed low group by this much ("reverse" twist). */
  reverseTwistDb: 4,
  /** Other tones of the same group must be this far below the strongest. */
  relativePeakDb: 8,
  /** The two tones must carry this share of the 20 ms frame's energy (talk-off). */
  toneEnergyShare: 0.6,
  /**
   * Second harmonics must be this far below their fundamentals (talk-off). Not more: the other
   * group's tone leaks about -15 dB into the octave bin (2·697 Hz lies 83 Hz from 1477 Hz).
   */
  secondHarmonicDb: 10,
  /** Minimum amplitude of each tone (about -48 dBFS). */
  minAmplitude: 0.004,
  /** Tones shorter than this are rejected (Q.24: accept >= 40 ms, reject <= ~30 ms). */
  minDurationS: 0.035,
  /** Frequency deviation accepted; Q.24 asks accept <= 1.5 %, reject >= 3.5 %. */
  maxDeviation: 0.025,
  /** Blocks below 40 % of the tone's level needed to end it: about a 30 ms pause. */
  pauseBlocks: 3,
};
