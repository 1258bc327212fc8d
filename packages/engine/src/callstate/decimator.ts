/** Analysis rate: call tones and DTMF (with second harmonics) all lie below 4 kHz. */
export const ANALYSIS_RATE = 8000;

/**
 * Streaming low-pass FIR decimator from `inputRate` to 8 kHz, keeping its history across windows
 * so consecutive windows decimate as one continuous signal.
 */
export class Decimator {
  readonly factor: number;
  /** FIR coefficients, summing to 1 (unity gain at DC). */
  readonly taps: Float64Array;
  /** Previous input tail followed by the current window: one copy per window, then a tight loop. */
  private buffer = new Float64Array(0);
  /** Input samples kept from earlier windows (length - 1 of them, or fewer at the start). */
  private kept = 0;
  /** Offset into the kept tail of the next output's newest input sample. */
  private next: number;

  constructor(inputRate: number) {
    const factor = inputRate / ANALYSIS_RATE;
    if (!Number.isInteger(factor) || factor < 1) {
      throw new Error(`sample rate must be a multiple of ${ANALYSIS_RATE} Hz, got ${inputRate}`);
    }
    this.factor = factor;
    // Windowed sinc at 0.45 of the output rate: enough to keep 3.3 kHz (second harmonic of 1633 Hz).
    const length = factor === 1 ? 1 : 6 * factor + 1;
    this.taps = new Float64Array(length);
    const centre = (length - 1) / 2;
    let sum = 0;
    for (let i = 0; i < length; i++) {
      const x = i - centre;
      const cutoff = 0.9 / factor / 2;
      const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      const hamming = length === 1 ? 1 : 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (length - 1));
      this.taps[i] = sinc * hamming;
      sum += this.taps[i]!;
    }
    for (let i = 0; i < length; i++) this.taps[i]! /= sum;
    // Start as if preceded by silence, so the first output uses the first input sample.
    this.kept = length - 1;
    this.next = length - 1 + factor - 1;
  }

  /** Most outputs one push of `inputLength` samples can write. */
  maxOutputs(inputLength: number): number {
    return Math.ceil(inputLength / this.factor) + 1;
  }

  /**
   * Push input samples; writes the 8 kHz outputs in order to `output` from `outputAt` (room for
   * maxOutputs(input.length) of them) and returns the index after the last one.
   */
  push(input: Float32Array, output: Float64Array, outputAt: number): number {
    const { taps, factor } = this;
    const length = taps.length;
    const total = this.kept + input.length;
    if (this.buffer.length < total) {
      const grown = new Float64Array(total);
      grown.set(this.buffer.subarray(0, this.kept));
      this.buffer = grown;
    }
    const buffer = this.buffer;
    buffer.set(input, this.kept);
    let at = this.next;
    let written = outputAt;
    // buffer[at - length + 1 .. at] is the delay line, oldest first. Four outputs per pass: their
    // sums are independent chains that run in parallel, each still added tap by tap in order.
    for (; at + 3 * factor < total; at += 4 * factor) {
      const from = at - length + 1;
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      for (let k = 0; k < length; k++) {
        const tap = taps[k]!;
        const n = from + k;
        a += tap * buffer[n]!;
        b += tap * buffer[n + factor]!;
        c += tap * buffer[n + 2 * factor]!;
        d += tap * buffer[n + 3 * factor]!;
      }
      output[written] = a;
      output[written + 1] = b;
      output[written + 2] = c;
      output[written + 3] = d;
      written += 4;
    }
    for (; at < total; at += factor) {
      const from = at - length + 1;
      let acc = 0;
      for (let k = 0; k < length; k++) acc += taps[k]! * buffer[from + k]!;
      output[written++] = acc;
    }
    // Keep the last length - 1 samples for the next window.
    const keep = length - 1;
    buffer.copyWithin(0, total - keep, total);
    this.kept = keep;
    this.next = at - (total - keep);
    return written;
  }
}
