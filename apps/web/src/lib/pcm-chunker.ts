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
  private readonly step: number;
  private readonly chunk: Int16Array;
  private filled = 0;
  private sumSquares = 0;
  /** Input position (in input samples) at which the next output sample ends. */
  private nextEdge: number;
  private accumulated = 0;
  private accumulatedCount = 0;
  private inputPosition = 0;
  private readonly onChunk: ChunkListener;

  constructor({ inputRate, outputRate = 16_000, chunkSamples = 1600, onChunk }: PcmChunkerOptions) {
    if (!(inputRate >= outputRate)) throw new RangeError('input rate must be at least the output rate');
    this.step = inputRate / outputRate;
    this.nextEdge = this.step;
    this.chunk = new Int16Array(chunkSamples);
    this.onChunk = onChunk;
  }

  /** Feeds Float32 samples in -1..1 (one channel). */
  push(input: Float32Array): void {
    for (let i = 0; i < input.length; i++) {
      this.accumulated += input[i]!;
      this.accumulatedCount++;
      this.inputPosition++;
      if (this.inputPosition >= this.nextEdge) {
        this.emitSample(this.accumulated / this.accumulatedCount);
        this.accumulated = 0;
        this.accumulatedCount = 0;
        this.nextEdge += this.step;
      }
    }
    // Keep the counters small on long sessions without losing the fractional phase.
    if (this.inputPosition > 1e9) {
      this.inputPosition -= 1e9;
      this.nextEdge -= 1e9;
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
