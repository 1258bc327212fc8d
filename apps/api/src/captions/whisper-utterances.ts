/** One stretch of speech cut from a session's audio, ready to be transcribed whole. */
export interface Utterance {
  startS: number;
  endS: number;
  pcm: Int16Array;
}

export interface UtteranceCutterOptions {
  /** @default 16_000 */
  sampleRate?: number;
  /** Speech longer than this is cut and sent without waiting for a pause. @default UTTERANCE_LIMITS.maxS */
  maxUtteranceS?: number;
  /** Speech shorter than this is dropped: whisper invents words for a cough. @default UTTERANCE_LIMITS.minS */
  minUtteranceS?: number;
}

const UTTERANCE_LIMITS = {
  // Whisper decodes 30 s windows; 8 s keeps a caption's delay short while still giving it a sentence of context.
  maxS: 8,
  // Shorter than a short word ("no" lasts about 0.25 s).
  minS: 0.25,
  // Audio kept beyond the longest utterance when no speech judgement arrives (a stalled engine).
  slackS: 4,
} as const;

interface Chunk {
  startSample: number;
  pcm: Int16Array;
}

/**
 * Cuts one session's PCM into utterances at the pauses the tone engine reports, holding only the
 * audio an open or imminent utterance may still need.
 */
export class UtteranceCutter {
  private readonly sampleRate: number;
  private readonly maxSamples: number;
  private readonly minSamples: number;
  private readonly slackSamples: number;
  private chunks: Chunk[] = [];
  /** Sample where the open utterance starts, or null between utterances. */
  private openStart: number | null = null;
  private openEnd = 0;
  /** Everything before this sample has been judged and is no longer needed. */
  private judgedUntil = 0;

  constructor({ sampleRate = 16_000, maxUtteranceS = UTTERANCE_LIMITS.maxS, minUtteranceS = UTTERANCE_LIMITS.minS }: UtteranceCutterOptions = {}) {
    this.sampleRate = sampleRate;
    this.maxSamples = Math.round(maxUtteranceS * sampleRate);
    this.minSamples = Math.round(minUtteranceS * sampleRate);
    this.slackSamples = Math.round(UTTERANCE_LIMITS.slackS * sampleRate);
  }

  /** Keep a copy of consecutive PCM starting at `startS` (callers recycle their buffers). */
  write(pcm: Int16Array, startS: number): void {
    if (pcm.length === 0) return;
    this.chunks.push({ startSample: this.toSample(startS), pcm: pcm.slice() });
    this.trim();
  }

  /** Record the engine's judgement of `[startS, endS)`; returns an utterance when this one ends it. */
  markSpeech(startS: number, endS: number, speech: boolean): Utterance | null {
    const start = this.toSample(startS);
    const end = this.toSample(endS);
    this.judgedUntil = Math.max(this.judgedUntil, end);
    if (!speech) {
      const utterance = this.close();
      this.trim();
      return utterance;
    }
    if (this.openStart === null) this.openStart = start;
    this.openEnd = Math.max(this.openEnd, end);
    if (this.openEnd - this.openStart >= this.maxSamples) return this.close();
    return null;
  }

  /** End the open utterance now (the audio stopped). */
  flush(): Utterance | null {
    return this.close();
  }

  /** Samples currently held (for tests and bounds). */
  get heldSamples(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.pcm.length, 0);
  }

  private toSample(seconds: number): number {
    return Math.round(seconds * this.sampleRate);
  }

  private close(): Utterance | null {
    if (this.openStart === null) return null;
    const start = this.openStart;
    const end = Math.min(this.openEnd, start + this.maxSamples, this.audioEnd());
    this.openStart = null;
    this.openEnd = 0;
    const utterance = end - start >= this.minSamples ? this.extract(start, end) : null;
    this.trim();
    return utterance;
  }

  private audioEnd(): number {
    const last = this.chunks.at(-1);
    return last ? last.startSample + last.pcm.length : 0;
  }

  private extract(start: number, end: number): Utterance {
    const pcm = new Int16Array(end - start);
    for (const chunk of this.chunks) {
      const from = Math.max(start, chunk.startSample);
      const to = Math.min(end, chunk.startSample + chunk.pcm.length);
      if (from < to) pcm.set(chunk.pcm.subarray(from - chunk.startSample, to - chunk.startSample), from - start);
    }
    return { startS: start / this.sampleRate, endS: end / this.sampleRate, pcm };
  }

  /** Drop chunks no utterance can need: before the open one, or before the judged audio between them. */
  private trim(): void {
    const needFrom = Math.max(this.openStart ?? this.judgedUntil, this.audioEnd() - this.maxSamples - this.slackSamples);
    while (this.chunks.length > 0) {
      const first = this.chunks[0]!;
      if (first.startSample + first.pcm.length > needFrom) break;
      this.chunks.shift();
    }
  }
}
