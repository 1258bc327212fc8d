import { ANALYSIS_RATE } from './decimator.js';

/** Samples per analysis block: 10 ms at 8 kHz. */
export const BLOCK = 80;
/** LPC order for the tonality measure: enough for a few notes, too few for white noise. */
const LPC_ORDER = 8;

/**
 * Per-10 ms measurements at 8 kHz: single-bin DFT values at a fixed list of frequencies, energy,
 * zero crossings and a linear-prediction gain. All buffers are allocated once.
 */
export class BlockAnalyser {
  readonly frequencies: readonly number[];
  /** Real and imaginary DFT parts of the latest block, one per frequency (block-local phase). */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** Sum of squares of the latest block. */
  energy = 0;
  /** Sign changes in the latest block. */
  zeroCrossings = 0;
  /** Prediction gain in dB over the last 20 ms (refreshed every fourth block). */
  predictionGainDb = 0;
  /** The last two blocks, oldest first (160 samples), for on-demand checks. */
  readonly recent = new Float64Array(2 * BLOCK);
  private readonly cosTable: Float64Array;
  private readonly sinTable: Float64Array;
  private readonly autocorr = new Float64Array(LPC_ORDER + 1);
  private readonly lpc = new Float64Array(LPC_ORDER + 1);
  private readonly lpcPrev = new Float64Array(LPC_ORDER + 1);
  private blockCount = 0;

  constructor(frequencies: readonly number[]) {
    this.frequencies = frequencies;
    const count = frequencies.length;
    this.re = new Float64Array(count);
    this.im = new Float64Array(count);
    this.cosTable = new Float64Array(count * BLOCK);
    this.sinTable = new Float64Array(count * BLOCK);
    for (let f = 0; f < count; f++) {
      const omega = (2 * Math.PI * frequencies[f]!) / ANALYSIS_RATE;
      for (let n = 0; n < BLOCK; n++) {
        this.cosTable[f * BLOCK + n] = Math.cos(omega * n);
        this.sinTable[f * BLOCK + n] = -Math.sin(omega * n);
      }
    }
  }

  /** Analyse one block of BLOCK samples held in `block`. */
  analyse(block: Float64Array): void {
    const { recent, cosTable, sinTable, re, im } = this;
    recent.copyWithin(0, BLOCK);
    recent.set(block, BLOCK);
    let energy = 0;
    let crossings = 0;
    let previous = recent[BLOCK - 1]!;
    for (let n = 0; n < BLOCK; n++) {
      const x = block[n]!;
      energy += x * x;
      if ((x >= 0) !== (previous >= 0)) crossings++;
      previous = x;
    }
    this.energy = energy;
    this.zeroCrossings = crossings;
    for (let f = 0, base = 0; f < re.length; f++, base += BLOCK) {
      let sumRe = 0;
      let sumIm = 0;
      for (let n = 0; n < BLOCK; n++) {
        const x = block[n]!;
        sumRe += x * cosTable[base + n]!;
        sumIm += x * sinTable[base + n]!;
      }
      re[f] = sumRe;
      im[f] = sumIm;
    }
    // Every fourth block: tonality is averaged over half a second anyway.
    if ((this.blockCount++ & 3) === 3) this.predictionGainDb = this.computePredictionGain();
  }

  /** Power of `frequency` over the last 160 samples (for the DTMF second-harmonic check). */
  powerOverRecent(frequency: number): number {
    const omega = (2 * Math.PI * frequency) / ANALYSIS_RATE;
    const coefficient = 2 * Math.cos(omega);
    let s1 = 0;
    let s2 = 0;
    for (let n = 0; n < this.recent.length; n++) {
      const s0 = this.recent[n]! + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  }

  /** Levinson-Durbin on the last 20 ms: 10·log10(signal energy / residual energy). */
  private computePredictionGain(): number {
    const { recent, autocorr, lpc, lpcPrev } = this;
    for (let lag = 0; lag <= LPC_ORDER; lag++) {
      let sum = 0;
      for (let n = lag; n < recent.length; n++) sum += recent[n]! * recent[n - lag]!;
      autocorr[lag] = sum;
    }
    const r0 = autocorr[0]!;
    if (r0 < 1e-9) return 0;
    // A tiny white-noise floor keeps the recursion stable on pure tones.
    autocorr[0] = r0 * (1 + 1e-4);
    let error = autocorr[0]!;
    lpc.fill(0);
    lpc[0] = 1;
    for (let i = 1; i <= LPC_ORDER; i++) {
      let acc = autocorr[i]!;
      for (let j = 1; j < i; j++) acc += lpc[j]! * autocorr[i - j]!;
      const k = -acc / error;
      lpcPrev.set(lpc);
      for (let j = 1; j < i; j++) lpc[j] = lpcPrev[j]! + k * lpcPrev[i - j]!;
      lpc[i] = k;
      error *= 1 - k * k;
      if (error <= 0) return 40;
    }
    return Math.min(40, 10 * Math.log10(r0 / error));
  }
}
