/** FFT size for the tonality measure: 32 ms at 8 kHz, 31 Hz bins. */
export const FLATNESS_SIZE = 256;
/** Band where phone audio carries music: 200-3400 Hz. */
const LOW_BIN = Math.round((200 * FLATNESS_SIZE) / 8000);
const HIGH_BIN = Math.round((3400 * FLATNESS_SIZE) / 8000);
/** FLATNESS_SIZE is a power of two, so ring positions wrap with a mask. */
const RING_MASK = FLATNESS_SIZE - 1;

/**
 * Spectral flatness (geometric over arithmetic mean of the power spectrum, in dB) of 256 samples
 * at 8 kHz: about 0 dB for noise, far below for notes and chords whatever their harmonics. Radix-2
 * FFT on preallocated buffers.
 */
export class SpectralFlatness {
  private readonly re = new Float64Array(FLATNESS_SIZE);
  private readonly im = new Float64Array(FLATNESS_SIZE);
  private readonly window = new Float64Array(FLATNESS_SIZE);
  private readonly cos = new Float64Array(FLATNESS_SIZE / 2);
  private readonly sin = new Float64Array(FLATNESS_SIZE / 2);
  private readonly reversed = new Uint16Array(FLATNESS_SIZE);

  constructor() {
    const bits = Math.log2(FLATNESS_SIZE);
    for (let i = 0; i < FLATNESS_SIZE; i++) {
      this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FLATNESS_SIZE);
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversed[i] = r;
    }
    for (let k = 0; k < FLATNESS_SIZE / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / FLATNESS_SIZE);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / FLATNESS_SIZE);
    }
  }

  /** Flatness in dB (≤ 0) of the FLATNESS_SIZE samples of a same-sized ring ending just before `end`. */
  measure(ring: Float64Array, end: number): number {
    const { re, im, window, reversed, cos, sin } = this;
    // The first stage's twiddle is 1: its butterflies only add and subtract neighbours (the input is
    // real, so the imaginary parts stay 0).
    for (let i = 0; i < FLATNESS_SIZE; i += 2) {
      const a = reversed[i]!;
      const b = reversed[i + 1]!;
      const x = ring[(end + a) & RING_MASK]! * window[a]!;
      const y = ring[(end + b) & RING_MASK]! * window[b]!;
      re[i] = x + y;
      re[i + 1] = x - y;
      im[i] = 0;
      im[i + 1] = 0;
    }
    // Twiddle outside, butterflies inside: every butterfly of a stage is independent, so the order
    // does not change a bit of the result, and each twiddle is loaded once per stage.
    for (let half = 2; half < FLATNESS_SIZE; half <<= 1) {
      const step = FLATNESS_SIZE / (2 * half);
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sin[k * step]!;
        for (let a = k; a < FLATNESS_SIZE; a += 2 * half) {
          const b = a + half;
          const tr = wr * re[b]! - wi * im[b]!;
          const ti = wr * im[b]! + wi * re[b]!;
          re[b] = re[a]! - tr;
          im[b] = im[a]! - ti;
          re[a]! += tr;
          im[a]! += ti;
        }
      }
    }
    // Logs of products of eight powers: one Math.log per eight bins (no underflow: >= 1e-96).
    let logSum = 0;
    let sum = 0;
    let product = 1;
    for (let k = LOW_BIN, i = 1; k <= HIGH_BIN; k++, i++) {
      const power = re[k]! * re[k]! + im[k]! * im[k]! + 1e-12;
      product *= power;
      sum += power;
      if ((i & 7) === 0) {
        logSum += Math.log(product);
        product = 1;
      }
    }
    logSum += Math.log(product);
    const bins = HIGH_BIN - LOW_BIN + 1;
    return (10 / Math.LN10) * (logSum / bins - Math.log(sum / bins));
  }
}
