import { HOST_IS_LITTLE_ENDIAN } from '@linnet/engine';

/** Receives each full window with its offset in seconds from the session's first sample. */
export type WindowHandler = (window: Int16Array, startS: number) => void;

export interface WindowAccumulatorOptions {
  /** Samples per analysis window (window_ms × sample rate / 1000). */
  windowSamples: number;
  sampleRate: number;
  onWindow: WindowHandler;
}

const MAX_SPARE_WINDOWS = 2;

/**
 * The samples of a frame of Int16 LE PCM (even byte length): a view over its bytes when the host
 * is little-endian and the frame sits at an even offset (a socket's Buffer may sit at an odd one in
 * its pool), otherwise a decoded copy. Made once per frame and shared by every reader of it.
 */
export function int16Samples(frame: Uint8Array): Int16Array {
  const count = frame.byteLength >> 1;
  if (HOST_IS_LITTLE_ENDIAN && (frame.byteOffset & 1) === 0) return new Int16Array(frame.buffer, frame.byteOffset, count);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    // Assemble the little-endian pair, then sign-extend from 16 bits.
    samples[i] = ((frame[2 * i]! | (frame[2 * i + 1]! << 8)) << 16) >> 16;
  }
  return samples;
}

/**
 * Collects Int16 LE PCM frames into fixed windows, driven only by the audio that arrives (no
 * timers), so audio streamed faster than real time yields the same windows as live audio.
 * Each full window is handed off and another started: the handler (an engine in a worker) may hold
 * it until it hands it back through `recycle`, so a session in steady state allocates no windows.
 */
export class WindowAccumulator {
  private readonly windowSamples: number;
  private readonly sampleRate: number;
  private readonly onWindow: WindowHandler;
  private window: Int16Array;
  /** Windows handed back by the engine, ready to be filled again. */
  private readonly spare: Int16Array[] = [];
  private filled = 0;
  private windowsEmitted = 0;

  constructor({ windowSamples, sampleRate, onWindow }: WindowAccumulatorOptions) {
    if (!Number.isInteger(windowSamples) || windowSamples < 1) throw new RangeError('windowSamples must be a positive integer');
    this.windowSamples = windowSamples;
    this.sampleRate = sampleRate;
    this.onWindow = onWindow;
    this.window = new Int16Array(windowSamples);
  }

  /** Samples received so far, across all windows. */
  get samplesReceived(): number {
    return this.windowsEmitted * this.windowSamples + this.filled;
  }

  /** Append one frame of whole Int16 LE samples (even byte length). */
  push(frame: Uint8Array): void {
    this.pushSamples(int16Samples(frame));
  }

  /** Append samples already read from a frame (see `int16Samples`). */
  pushSamples(samples: Int16Array): void {
    let read = 0;
    while (read < samples.length) {
      const take = Math.min(samples.length - read, this.windowSamples - this.filled);
      this.window.set(samples.subarray(read, read + take), this.filled);
      read += take;
      this.filled += take;
      if (this.filled === this.windowSamples) this.flush();
    }
  }

  /**
   * Hand off a partial window padded with silence. Called when the audio stops (mic off, socket
   * closed) so the last sounds — a final keypad digit, the end of a sentence — are still analysed;
   * the padding is real silence on the session's clock, so later audio continues after it.
   */
  flushPartial(): void {
    if (this.filled === 0) return;
    // A recycled window still holds old samples past `filled`: they must become silence.
    this.window.fill(0, this.filled);
    this.flush();
  }

  /** Take back a handed-off window (same length, no longer read by anyone) to fill again. */
  recycle(window: Int16Array): void {
    // Two spares cover a window in flight while the next fills; more would only hold memory.
    if (window.length === this.windowSamples && this.spare.length < MAX_SPARE_WINDOWS) this.spare.push(window);
  }

  /** Forget any partial window. */
  reset(): void {
    this.filled = 0;
  }

  private flush(): void {
    const full = this.window;
    const startS = (this.windowsEmitted * this.windowSamples) / this.sampleRate;
    this.windowsEmitted += 1;
    this.window = this.spare.pop() ?? new Int16Array(this.windowSamples);
    this.filled = 0;
    this.onWindow(full, startS);
  }
}
