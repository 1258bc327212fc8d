/** Analysis rate: call tones and DTMF (with second harmonics) all lie below 4 kHz. */
export const ANALYSIS_RATE = 8000;

/**
 * Streaming low-pass FIR decimator from `inputRate` to 8 kHz, keeping its history across windows
 * so consecutive windows decimate as one continuous signal.
 */
export class Decimator {
  readonly factor: number;
  private readonly taps: Float64Array;
  private readonly history: Float64Array;
  /** Input samples consumed since the last output sample (phase of the decimation). */
  private phase = 0;
  private head = 0;

  constructor(inputRate: number) {
    const factor = inputRate / ANALYSIS_RATE;
    if (!Number.isInteger(factor) || factor < 1) {
      throw new Error(`sample rate must be a multiple of ${ANALYSIS_RATE} Hz, got ${inputRate}`);
    }
    this.factor = factor;
    // Windowed sinc at 0.45 of the output rate: enough to keep 3.3 kHz (second harmonic of 1633 Hz).
    const length = factor === 1 ? 1 : 4 * factor + 1;
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
    // Doubled delay line: each sample is written twice so the taps always see a contiguous run.
    this.history = new Float64Array(2 * length);
  }

  /** Push input samples; calls `emit` with each 8 kHz output sample in order. */
  push(input: Float32Array, emit: (sample: number) => void): void {
    const { taps, history, factor } = this;
    const length = taps.length;
    let head = this.head;
    for (let n = 0; n < input.length; n++) {
      const sample = input[n]!;
      history[head] = sample;
      history[head + length] = sample;
      head = head + 1 === length ? 0 : head + 1;
      if (++this.phase < factor) continue;
      this.phase = 0;
      // history[head .. head+length) is the delay line, oldest first; taps are symmetric.
      let acc = 0;
      for (let k = 0; k < length; k++) acc += taps[k]! * history[head + k]!;
      emit(acc);
    }
    this.head = head;
  }
}
