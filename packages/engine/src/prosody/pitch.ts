/** YIN search bounds and threshold, chosen for adult voices on a 4 kHz decimated signal. */
export interface PitchSearch {
  sampleRate: number;
  /** Integration window in samples. */
  windowSize: number;
  minHz: number;
  maxHz: number;
  /** Cumulative-mean-normalised difference below which a dip counts as periodic. */
  threshold: number;
}

/** Result of one YIN estimate; `hz` is 0 when the frame is not periodic enough. */
export interface PitchEstimate {
  hz: number;
}

/**
 * Lags computed per pass of the difference function: independent sums run in parallel, each still
 * added in sample order, so every value is bit-for-bit the one a lag-by-lag loop gives.
 */
const LAGS_PER_PASS = 4;

/**
 * A YIN pitch estimator that reuses one scratch buffer, so per-frame calls allocate nothing. The
 * difference function is computed only as far as the dip search reads it: a voice at 150 Hz needs
 * 29 of the 63 lags at 4 kHz.
 * @see de Cheveigné & Kawahara (2002), "YIN, a fundamental frequency estimator for speech and music"
 */
export class PitchEstimator {
  /** Samples an estimate needs before `end`: the window plus the longest lag. */
  readonly span: number;
  private readonly sampleRate: number;
  private readonly windowSize: number;
  private readonly threshold: number;
  private readonly minLag: number;
  private readonly maxLag: number;
  /** Lag maxLag + 1 is read by the parabola around a dip at maxLag. */
  private readonly lastLag: number;
  private readonly cmnd: Float64Array;
  private readonly result: PitchEstimate = { hz: 0 };
  /** Sum of the difference function over the lags computed so far (YIN step 3's denominator). */
  private runningSum = 0;

  constructor(search: PitchSearch) {
    this.sampleRate = search.sampleRate;
    this.windowSize = search.windowSize;
    this.threshold = search.threshold;
    this.minLag = Math.max(2, Math.floor(search.sampleRate / search.maxHz));
    this.maxLag = Math.ceil(search.sampleRate / search.minHz);
    this.lastLag = this.maxLag + 1;
    this.cmnd = new Float64Array(this.lastLag + 1);
    this.span = search.windowSize + this.maxLag + 1;
  }

  /** Estimate F0 of `signal[end - span, end)`; the returned object is reused between calls. */
  estimate(signal: Float32Array, end: number): PitchEstimate {
    const { cmnd, minLag, maxLag, threshold, result } = this;
    const start = end - this.span;
    this.runningSum = 0;
    cmnd[0] = 1;
    // cmnd holds lags 1..ready; the running sum needs every lag below minLag too.
    let ready = 0;
    while (ready < minLag) ready = this.extend(signal, start, ready + 1);
    // Step 4 of YIN: the first dip under the threshold, followed down to its local minimum.
    let best = -1;
    for (let lag = minLag; lag <= maxLag; lag++) {
      if (cmnd[lag]! < threshold) {
        for (;;) {
          if (lag + 1 > ready) ready = this.extend(signal, start, ready + 1);
          if (!(lag + 1 <= maxLag && cmnd[lag + 1]! < cmnd[lag]!)) break;
          lag++;
        }
        best = lag;
        break;
      }
      if (lag + 1 > ready) ready = this.extend(signal, start, ready + 1);
    }
    if (best < 0) {
      result.hz = 0;
      return result;
    }
    // Parabolic interpolation around the dip gives sub-sample lag, needed for 1 % accuracy at 4 kHz.
    // The dip search has already computed best + 1 (the local-minimum test reads it).
    const left = cmnd[best - 1]!;
    const centre = cmnd[best]!;
    const right = cmnd[best + 1]!;
    const curvature = left - 2 * centre + right;
    const shift = curvature > 0 ? (0.5 * (left - right)) / curvature : 0;
    result.hz = this.sampleRate / (best + Math.max(-0.5, Math.min(0.5, shift)));
    return result;
  }

  /**
   * Steps 2-3 of YIN for lags `from`.. (up to LAGS_PER_PASS of them, not past lastLag) over
   * `signal[start, start + windowSize)`; returns the last lag now in `cmnd`.
   */
  private extend(signal: Float32Array, start: number, from: number): number {
    const { cmnd, lastLag } = this;
    const stop = start + this.windowSize;
    let runningSum = this.runningSum;
    if (from + LAGS_PER_PASS - 1 > lastLag) {
      for (let lag = from; lag <= lastLag; lag++) {
        let difference = 0;
        for (let i = start; i < stop; i++) {
          const delta = signal[i]! - signal[i + lag]!;
          difference += delta * delta;
        }
        runningSum += difference;
        cmnd[lag] = runningSum > 0 ? (difference * lag) / runningSum : 1;
      }
      this.runningSum = runningSum;
      return lastLag;
    }
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    // The four lagged samples slide along with i: one new load per step instead of four.
    let y1 = signal[start + from]!;
    let y2 = signal[start + from + 1]!;
    let y3 = signal[start + from + 2]!;
    for (let i = start, j = start + from + 3; i < stop; i++, j++) {
      const x = signal[i]!;
      const y0 = y1;
      y1 = y2;
      y2 = y3;
      y3 = signal[j]!;
      const e0 = x - y0;
      const e1 = x - y1;
      const e2 = x - y2;
      const e3 = x - y3;
      d0 += e0 * e0;
      d1 += e1 * e1;
      d2 += e2 * e2;
      d3 += e3 * e3;
    }
    runningSum += d0;
    cmnd[from] = runningSum > 0 ? (d0 * from) / runningSum : 1;
    runningSum += d1;
    cmnd[from + 1] = runningSum > 0 ? (d1 * (from + 1)) / runningSum : 1;
    runningSum += d2;
    cmnd[from + 2] = runningSum > 0 ? (d2 * (from + 2)) / runningSum : 1;
    runningSum += d3;
    cmnd[from + 3] = runningSum > 0 ? (d3 * (from + 3)) / runningSum : 1;
    this.runningSum = runningSum;
    return from + 3;
  }
}
