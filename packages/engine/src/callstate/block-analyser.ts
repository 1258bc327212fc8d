import { ANALYSIS_RATE } from './decimator.js';
import { FLATNESS_SIZE, SpectralFlatness } from './spectral-flatness.js';

/** Samples per analysis block: 10 ms at 8 kHz. */
export const BLOCK = 80;
/** FLATNESS_SIZE is a power of two, so the history ring wraps with a mask. */
const HISTORY_MASK = FLATNESS_SIZE - 1;

/**
 * Per-10 ms measurements at 8 kHz: single-bin DFT values at a fixed list of frequencies, energy
 * and spectral flatness (tonality). All buffers are allocated once.
 */
export class BlockAnalyser {
  readonly frequencies: readonly number[];
  /** Real and imaginary DFT parts of the latest block, one per frequency (block-local phase). */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** Sum of squares of the latest block. */
  energy = 0;
  /** Spectral flatness in dB of the last 32 ms (refreshed every 80 ms): ~0 noise, ≪ 0 notes. */
  flatnessDb = 0;
  /** The last two blocks, oldest first (160 samples), for on-demand checks. */
  readonly recent = new Float64Array(2 * BLOCK);
  /** Goertzel coefficient 2·cos(ω) and the factors that turn its state into the DFT value. */
  private readonly coefficient: Float64Array;
  private readonly cosOmega: Float64Array;
  private readonly sinOmega: Float64Array;
  private readonly endRe: Float64Array;
  private readonly endIm: Float64Array;
  /** The last FLATNESS_SIZE samples as a ring, for the flatness FFT. */
  private readonly history = new Float64Array(FLATNESS_SIZE);
  private historyEnd = 0;
  private readonly flatness = new SpectralFlatness();
  private blockCount = 0;

  constructor(frequencies: readonly number[]) {
    this.frequencies = frequencies;
    const count = frequencies.length;
    this.re = new Float64Array(count);
    this.im = new Float64Array(count);
    this.coefficient = new Float64Array(count);
    this.cosOmega = new Float64Array(count);
    this.sinOmega = new Float64Array(count);
    this.endRe = new Float64Array(count);
    this.endIm = new Float64Array(count);
    for (let f = 0; f < count; f++) {
      const omega = (2 * Math.PI * frequencies[f]!) / ANALYSIS_RATE;
      this.coefficient[f] = 2 * Math.cos(omega);
      this.cosOmega[f] = Math.cos(omega);
      this.sinOmega[f] = Math.sin(omega);
      this.endRe[f] = Math.cos(omega * (BLOCK - 1));
      this.endIm[f] = -Math.sin(omega * (BLOCK - 1));
    }
  }

  /** Analyse one block: the BLOCK samples of `samples` from `offset`. */
  analyse(samples: Float64Array, offset: number): void {
    const { recent, re, history } = this;
    recent.copyWithin(0, BLOCK);
    const historyEnd = this.historyEnd;
    let energy = 0;
    for (let n = 0; n < BLOCK; n++) {
      const x = samples[offset + n]!;
      recent[BLOCK + n] = x;
      history[(historyEnd + n) & HISTORY_MASK] = x;
      energy += x * x;
    }
    this.historyEnd = (historyEnd + BLOCK) & HISTORY_MASK;
    this.energy = energy;
    // Goertzel per frequency (one multiply per sample), then the exact complex DFT value with
    // block-local phase. Each recursion is a serial chain: four frequencies per pass run in
    // parallel; a last pass of fewer repeats its final frequency.
    const { coefficient } = this;
    const count = re.length;
    const last = count - 1;
    for (let f = 0; f < count; f += 4) {
      const ca = coefficient[f]!;
      const cb = coefficient[Math.min(f + 1, last)]!;
      const cc = coefficient[Math.min(f + 2, last)]!;
      const cd = coefficient[Math.min(f + 3, last)]!;
      let a1 = 0;
      let a2 = 0;
      let b1 = 0;
      let b2 = 0;
      let c1 = 0;
      let c2 = 0;
      let d1 = 0;
      let d2 = 0;
      for (let n = offset, end = offset + BLOCK; n < end; n++) {
        const x = samples[n]!;
        const a0 = x + ca * a1 - a2;
        const b0 = x + cb * b1 - b2;
        const c0 = x + cc * c1 - c2;
        const d0 = x + cd * d1 - d2;
        a2 = a1;
        a1 = a0;
        b2 = b1;
        b1 = b0;
        c2 = c1;
        c1 = c0;
        d2 = d1;
        d1 = d0;
      }
      this.finishBin(f, a1, a2);
      if (f + 1 < count) this.finishBin(f + 1, b1, b2);
      if (f + 2 < count) this.finishBin(f + 2, c1, c2);
      if (f + 3 < count) this.finishBin(f + 3, d1, d2);
    }
    // Every eighth block (80 ms): tonality is averaged over half a second anyway.
    if ((this.blockCount++ & 7) === 7) this.flatnessDb = this.flatness.measure(this.history, this.historyEnd);
  }

  /** Goertzel state to the exact DFT value X = e^{-jω(N-1)} · (s[N-1] - e^{-jω} · s[N-2]). */
  private finishBin(f: number, s1: number, s2: number): void {
    const yRe = s1 - this.cosOmega[f]! * s2;
    const yIm = this.sinOmega[f]! * s2;
    this.re[f] = this.endRe[f]! * yRe - this.endIm[f]! * yIm;
    this.im[f] = this.endRe[f]! * yIm + this.endIm[f]! * yRe;
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
}
