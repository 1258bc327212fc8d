import { Scratch } from '../scratch.js';

/** Analysis rate: call tones and DTMF (with second harmonics) all lie below 4 kHz. */
export const ANALYSIS_RATE = 8000;

/** Every decimator of this thread works in one buffer: only its tail is its own. */
const WORK = new Scratch((length) => new Float64Array(length));

/**
 * Streaming low-pass FIR decimator from `inputRate` to 8 kHz, keeping its history across windows
 * so consecutive windows decimate as one continuous signal.
 */
export class Decimator {
  readonly factor: number;
  /** FIR coefficients, summing to 1 (unity gain at DC). */
  readonly taps: Float64Array;
  /** The last `taps.length - 1` input samples of the previous window (silence before the first). */
  private readonly tail: Float64Array;
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
    this.tail = new Float64Array(length - 1);
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
    // The kept tail, then the window: one copy each into the thread's buffer, then a tight loop.
    const buffer = WORK.take(total);
    buffer.set(this.tail.subarray(0, this.kept));
    buffer.set(input, this.kept);
    // Output j's delay line is buffer[from + j·factor, + length), oldest first.
    const count = this.next < total ? Math.floor((total - 1 - this.next) / factor) + 1 : 0;
    const from = this.next - length + 1;
    if (length === WIRE_TAPS) filterWireRate(taps, buffer, from, count, output, outputAt);
    else filter(taps, factor, buffer, from, count, output, outputAt);
    // Keep the last length - 1 samples for the next window.
    const keep = length - 1;
    this.tail.set(buffer.subarray(total - keep, total));
    this.kept = keep;
    this.next = this.next + count * factor - (total - keep);
    return outputAt + count;
  }
}

/** Taps at the wire's 16 kHz (factor 2), where the engine spends its time. */
const WIRE_TAPS = 13;

/**
 * `count` FIR outputs, four per pass: their sums are independent chains that run in parallel, each
 * still added tap by tap in order, so every output is bit-for-bit the direct form's.
 */
function filter(taps: Float64Array, factor: number, buffer: Float64Array, from: number, count: number, output: Float64Array, at: number): void {
  const length = taps.length;
  let j = 0;
  for (let n0 = from; j + 4 <= count; j += 4, n0 += 4 * factor) {
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (let k = 0; k < length; k++) {
      const tap = taps[k]!;
      const n = n0 + k;
      a += tap * buffer[n]!;
      b += tap * buffer[n + factor]!;
      c += tap * buffer[n + 2 * factor]!;
      d += tap * buffer[n + 3 * factor]!;
    }
    output[at + j] = a;
    output[at + j + 1] = b;
    output[at + j + 2] = c;
    output[at + j + 3] = d;
  }
  for (let n = from + j * factor; j < count; j++, n += factor) {
    let acc = 0;
    for (let k = 0; k < length; k++) acc += taps[k]! * buffer[n + k]!;
    output[at + j] = acc;
  }
}

/**
 * The 13-tap, factor-2 filter with its taps in locals and the tap loop written out: half the time
 * of the general loop. Same additions in the same order as the direct form.
 */
function filterWireRate(taps: Float64Array, buffer: Float64Array, from: number, count: number, output: Float64Array, at: number): void {
  const [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12] = taps;
  for (let j = 0, n = from; j < count; j++, n += 2) {
    let acc = 0;
    acc += t0! * buffer[n]!;
    acc += t1! * buffer[n + 1]!;
    acc += t2! * buffer[n + 2]!;
    acc += t3! * buffer[n + 3]!;
    acc += t4! * buffer[n + 4]!;
    acc += t5! * buffer[n + 5]!;
    acc += t6! * buffer[n + 6]!;
    acc += t7! * buffer[n + 7]!;
    acc += t8! * buffer[n + 8]!;
    acc += t9! * buffer[n + 9]!;
    acc += t10! * buffer[n + 10]!;
    acc += t11! * buffer[n + 11]!;
    acc += t12! * buffer[n + 12]!;
    output[at + j] = acc;
  }
}
