/**
 * The seam every recogniser sits behind (pocketsphinx, a whisper server), like the tone engine's.
 * A recogniser turns one session's audio into finalised words on the session's audio clock; the
 * captioner groups them into utterances, attaches their tone and publishes transcript events.
 */

/** One recognised word, placed in seconds of the session's audio. */
export interface RecognisedWord {
  word: string;
  startS: number;
  endS: number;
  /** The recogniser's confidence in the word (0..1), when it reports one. */
  confidence?: number;
}

/**
 * Why a session's recognition changed state; worded for people by the captions service. `gave_up`
 * is terminal: the recogniser will not recover for this session, which then releases its slot.
 */
export type RecogniserTrouble = 'crashed' | 'restarted' | 'timed_out' | 'failed' | 'overloaded' | 'gave_up';

/** What a recogniser tells the session it serves. */
export interface RecogniserHooks {
  /** Words the recogniser will not revise any more, in order. */
  onWords(words: RecognisedWord[]): void;
  /** Recognition failed or recovered; `recovered` is true once words can flow again. */
  onTrouble(trouble: RecogniserTrouble, recovered: boolean): void;
  /**
   * The recogniser is up and takes audio (pocketsphinx: its process started). Recognisers whose
   * `announcesReady` is not true never call it; the session counts them ready once opened.
   */
  onReady?(): void;
}

/** One session's recognition. Calls never block the socket thread and never throw. */
export interface RecogniserSession {
  /** Consecutive 16 kHz mono PCM of the session, starting at `startS` seconds of its audio. */
  write(pcm: Int16Array, startS: number): void;
  /**
   * Speech presence of the span `[startS, endS)` as the tone engine judged it, so a recogniser that
   * works on whole utterances (whisper) can cut them at pauses. Streaming recognisers may ignore it.
   */
  markSpeech(startS: number, endS: number, speech: boolean): void;
  /** The audio stopped for now (mic off, socket closed): finish what is pending. */
  flush(): void;
  /** The session ended: release the recogniser. */
  close(): void;
}

/** A kind of recogniser, shared by every session that uses it. */
export interface Recogniser {
  readonly name: 'pocketsphinx' | 'whisper';
  /** True when `open` is followed by `hooks.onReady()` once the recogniser can take audio. */
  readonly announcesReady?: boolean;
  /** Start recognising one session's audio. */
  open(hooks: RecogniserHooks): RecogniserSession;
  /** Counters for `/metrics` (requests, failures, restarts...): never words or audio. */
  metrics(): Record<string, number>;
}
