/** FFT size for the tonality measure: 32 ms at 8 kHz, 31 Hz bins. */
export const FLATNESS_SIZE = 256;
/** Band where phone audio carries music: 200-3400 Hz. */
const LOW_BIN = Math.round((200 * FLATNESS_SIZE) / 8000);
const HIGH_BIN = Math.round((3400 * FLATNESS_SIZE) / 8000);

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

  /** Flatness in dB (≤ 0) of `samples` read from a ring buffer ending just before `end`. */
  measure(ring: Float64Array, end: number): number {
    const { re, im, window, reversed } = this;
    const size = ring.length;
    for (let i = 0; i < FLATNESS_SIZE; i++) {
      const at = (end - FLATNESS_SIZE + i + size) % size;
      re[reversed[i]!] = ring[at]! * window[i]!;
      im[reversed[i]!] = 0;
    }
    for (let half = 1; half < FLATNESS_SIZE; half <<= 1) {
      const step = FLATNESS_SIZE / (2 * half);
      for (let start = 0; start < FLATNESS_SIZE; start += 2 * half) {
        for (let k = 0; k < half; k++) {
          const wr = this.cos[k * step]!;
          const wi = this.sin[k * step]!;
          const a = start + k;
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
