/** Output of the chunker: exactly `chunkSamples` Int16 samples and their RMS (0..1). */
export type ChunkListener = (pcm: Int16Array, rms: number) => void;

export interface PcmChunkerOptions {
  /** Sample rate of the Float32 input (the AudioContext's rate). */
  inputRate: number;
  /** @default 16000 */
  outputRate?: number;
  /** Samples per emitted chunk; 1600 at 16 kHz is the 100 ms frame the API expects. @default 1600 */
  chunkSamples?: number;
  onChunk: ChunkListener;
}

/**
 * Turns the AudioWorklet's 128-sample Float32 render quanta into fixed-size Int16 chunks at the output rate.
 * Browsers that cannot open a 16 kHz context hand us 44.1/48 kHz, so it resamples by averaging the input samples
 * that fall into each output sample (a box filter: cheap, and enough anti-aliasing for speech prosody).
 */
export class PcmChunker {
  private readonly inputRate: number;
  private readonly outputRate: number;
  private readonly chunk: Int16Array;
  private filled = 0;
  private sumSquares = 0;
  private accumulated = 0;
  private accumulatedCount = 0;
  /** Input and output samples within the current second; integers, so the ratio never drifts. */
  private inputPosition = 0;
  private outputPosition = 0;
  private readonly onChunk: ChunkListener;

  constructor({ inputRate, outputRate = 16_000, chunkSamples = 1600, onChunk }: PcmChunkerOptions) {
    if (!(inputRate >= outputRate)) throw new RangeError('input rate must be at least the output rate');
    this.inputRate = Math.round(inputRate);
    this.outputRate = outputRate;
    this.chunk = new Int16Array(chunkSamples);
    this.onChunk = onChunk;
  }

  /** Feeds Float32 samples in -1..1 (one channel). */
  push(input: Float32Array): void {
    for (let i = 0; i < input.length; i++) {
      this.accumulated += input[i]!;
      this.accumulatedCount++;
      this.inputPosition++;
      // Output sample k covers input up to (k + 1) · inputRate / outputRate, compared in integers.
      if (this.inputPosition * this.outputRate >= (this.outputPosition + 1) * this.inputRate) {
        this.emitSample(this.accumulated / this.accumulatedCount);
        this.accumulated = 0;
        this.accumulatedCount = 0;
        this.outputPosition++;
      }
      // Every whole second both counters line up exactly; restart them so they stay small.
      if (this.inputPosition === this.inputRate) {
        this.inputPosition = 0;
        this.outputPosition = 0;
      }
    }
  }

  private emitSample(value: number): void {
    const clamped = value > 1 ? 1 : value < -1 ? -1 : value;
    this.chunk[this.filled++] = clamped < 0 ? Math.round(clamped * 32768) : Math.round(clamped * 32767);
    this.sumSquares += clamped * clamped;
    if (this.filled === this.chunk.length) {
      // Hand out a copy: the caller transfers it to another thread while we keep filling ours.
      this.onChunk(this.chunk.slice(), Math.sqrt(this.sumSquares / this.chunk.length));
      this.filled = 0;
      this.sumSquares = 0;
    }
  }
}
