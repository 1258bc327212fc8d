/** FFT size for the tonality measure: 32 ms at 8 kHz, 31 Hz bins. */
export const FLATNESS_SIZE = 256;
/** Band where phone audio carries music: 200-3400 Hz. */
const LOW_BIN = Math.round((200 * FLATNESS_SIZE) / 8000);
const HIGH_BIN = Math.round((3400 * FLATNESS_SIZE) / 8000);
/** FLATNESS_SIZE is a power of two, so ring positions wrap with a mask. */
const RING_MASK = FLATNESS_SIZE - 1;
/** The real input is transformed as HALF complex points (even samples real, odd imaginary). */
const HALF = FLATNESS_SIZE / 2;
// The split step reads Z[k] and Z[HALF - k] for the band's bins: both must lie inside the half FFT.
if (LOW_BIN < 1 || HIGH_BIN >= HALF) throw new Error('flatness band must lie strictly inside the half spectrum');

/**
 * Spectral flatness (geometric over arithmetic mean of the power spectrum, in dB) of 256 samples
 * at 8 kHz: about 0 dB for noise, far below for notes and chords whatever their harmonics. A real
 * input FFT (a 128-point complex radix-2 FFT and a split step) on preallocated buffers.
 * @see Sorensen et al. (1987), "Real-valued fast Fourier transform algorithms", IEEE Trans. ASSP 35(6)
 */
export class SpectralFlatness {
  private readonly re = new Float64Array(HALF);
  private readonly im = new Float64Array(HALF);
  private readonly window = new Float64Array(FLATNESS_SIZE);
  /** e^{-2πik/256} for k < 128: the split step's twiddles; every second one serves the half FFT. */
  private readonly cos = new Float64Array(HALF);
  private readonly sin = new Float64Array(HALF);
  private readonly reversed = new Uint16Array(HALF);

  constructor() {
    for (let i = 0; i < FLATNESS_SIZE; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FLATNESS_SIZE);
    const bits = Math.log2(HALF);
    for (let i = 0; i < HALF; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversed[i] = r;
      this.cos[i] = Math.cos((2 * Math.PI * i) / FLATNESS_SIZE);
      this.sin[i] = -Math.sin((2 * Math.PI * i) / FLATNESS_SIZE);
    }
  }

  /** Flatness in dB (≤ 0) of the FLATNESS_SIZE samples of a same-sized ring ending just before `end`. */
  measure(ring: Float64Array, end: number): number {
    const { re, im, window, reversed, cos, sin } = this;
    // z[n] = x[2n] + i·x[2n+1], in bit-reversed order for the in-place FFT.
    for (let p = 0; p < HALF; p++) {
      const n = 2 * reversed[p]!;
      re[p] = ring[(end + n) & RING_MASK]! * window[n]!;
      im[p] = ring[(end + n + 1) & RING_MASK]! * window[n + 1]!;
    }
    // Twiddle outside, butterflies inside, so each twiddle is loaded once per stage.
    for (let half = 1; half < HALF; half <<= 1) {
      const step = (2 * HALF) / (2 * half);
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sin[k * step]!;
        for (let a = k; a < HALF; a += 2 * half) {
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
    // Split step: X[k] = E[k] + e^{-2πik/256}·O[k], with E and O the spectra of the even and odd
    // samples, E = (Z[k] + conj Z[128-k]) / 2 and O = (Z[k] - conj Z[128-k]) / 2i. Logs of products
    // of eight powers: one Math.log per eight bins (no underflow: >= 1e-96).
    let logSum = 0;
    let sum = 0;
    let product = 1;
    for (let k = LOW_BIN, i = 1; k <= HIGH_BIN; k++, i++) {
      const zr = re[k]!;
      const zi = im[k]!;
      const mr = re[HALF - k]!;
      const mi = -im[HALF - k]!;
      const evenRe = 0.5 * (zr + mr);
      const evenIm = 0.5 * (zi + mi);
      const oddRe = 0.5 * (zi - mi);
      const oddIm = -0.5 * (zr - mr);
      const wr = cos[k]!;
      const wi = sin[k]!;
      const xr = evenRe + wr * oddRe - wi * oddIm;
      const xi = evenIm + wr * oddIm + wi * oddRe;
      const power = xr * xr + xi * xi + 1e-12;
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
