import type { CaptionTone, ToneEvent, TranscriptEvent } from '@linnet/shared';
import { isQuestionByWords, wordsQuestionTone } from './question-words.js';
import type { RecognisedWord } from './transcriber.js';

/** How words become captions; every threshold named once. */
export const CAPTION_TIMING = {
  /** A silence between words this long (seconds) ends an utterance. */
  pauseS: 0.6,
  /** An utterance longer than this (seconds) is split at the last word boundary before it. */
  maxUtteranceS: 8,
  /**
   * Seconds of audio past an utterance's window end after which it is published without waiting
   * for that window's tone any longer (the engine dropped it, or the socket went quiet).
   */
  toneWaitS: 1.5,
  /** Tone events kept to colour utterances still to come. */
  toneMemory: 64,
  /**
   * The call-state detector declares a voice once it fills half of the last 0.5 s (STATE_TIMING.voiceSpanS in the
   * engine): words from this long before its `speech` state are the voice's, and words said while the line carries
   * no voice wait this long past their end for that state to arrive.
   */
  voiceConfirmS: 0.5,
  /** Call-state changes kept to judge words still to come. */
  callStateMemory: 16,
} as const;

/**
 * Call states in which the line carries no voice (docs/call-state.md): a cadence or music the detector has
 * confirmed. What a recogniser makes of them ("hm", "in in in the") is not speech, so it is not captioned.
 */
const NON_VOICE_STATES: ReadonlySet<string> = new Set(['ringback', 'busy', 'hold_music']);

export interface CaptionerOptions {
  sessionId: string;
  /** Elcor sessions prefix `text` with the bracketed tone label. */
  elcor: boolean;
  /** Length of each tone window in seconds (window_ms / 1000). */
  windowS: number;
  publish: (event: TranscriptEvent) => void;
  /** How far the session's audio from `fromS` to `toS` stood above its noise, in dB (SpeechToNoise): how far its words can be trusted to ask. */
  snrDb: (fromS: number, toS: number) => number;
  /** Counts words not captioned because the line carried no voice when they were heard (`/metrics`). */
  nonVoiceDropped?: (words: number) => void;
  pauseS?: number;
  maxUtteranceS?: number;
}

/** A speech window and the voice the engine gave it (a tone event's, published or withheld under MIN_CONFIDENCE). */
export type VoiceWindow = Pick<ToneEvent, 'speaker_id' | 'timestamp'>;

const overlapOf = (tone: VoiceWindow, startS: number, endS: number, windowS: number) =>
  Math.min(endS, tone.timestamp + windowS) - Math.max(startS, tone.timestamp);

/**
 * Whose words these are: the voice (the engine's `speaker_id`, docs/tone.md "Two voices") whose speech windows
 * overlap the utterance longest; speaker_a when none does.
 */
export function speakerOfUtterance(tones: readonly VoiceWindow[], startS: number, endS: number, windowS: number): string {
  const overlap = new Map<string, number>();
  for (const tone of tones) {
    const seconds = overlapOf(tone, startS, endS, windowS);
    if (seconds > 0) overlap.set(tone.speaker_id, (overlap.get(tone.speaker_id) ?? 0) + seconds);
  }
  let speaker = 'speaker_a';
  for (const [candidate, seconds] of overlap) if (seconds > (overlap.get(speaker) ?? 0)) speaker = candidate;
  return speaker;
}

/** The label with the most overlap-time × confidence across `tones`, or undefined when none overlap. */
export function toneOfUtterance(tones: readonly ToneEvent[], startS: number, endS: number, windowS: number): CaptionTone | undefined {
  const weight = new Map<string, number>();
  const best = new Map<string, ToneEvent>();
  for (const tone of tones) {
    const overlap = overlapOf(tone, startS, endS, windowS);
    if (overlap <= 0) continue;
    weight.set(tone.label, (weight.get(tone.label) ?? 0) + overlap * tone.confidence);
    const held = best.get(tone.label);
    if (!held || tone.confidence > held.confidence) best.set(tone.label, tone);
  }
  let label: string | undefined;
  for (const [candidate, score] of weight) if (label === undefined || score > weight.get(label)!) label = candidate;
  if (label === undefined) return undefined;
  const chosen = best.get(label)!;
  return { label, confidence: chosen.confidence, subtext: chosen.subtext };
}

/**
 * Split finished words into utterances: a new one starts after a pause of `pauseS`, or before a
 * word that would make the utterance longer than `maxUtteranceS`.
 */
export function segmentWords(words: readonly RecognisedWord[], pauseS: number, maxUtteranceS: number): RecognisedWord[][] {
  const utterances: RecognisedWord[][] = [];
  let current: RecognisedWord[] = [];
  for (const word of words) {
    const first = current[0];
    const last = current[current.length - 1];
    // The recogniser's times are decimal text: 1.7 - 1.1 must count as the 0.6 s pause it is.
    if (first && last && (word.startS - last.endS >= pauseS - 1e-6 || word.endS - first.startS > maxUtteranceS)) {
      utterances.push(current);
      current = [];
    }
    current.push(word);
  }
  if (current.length > 0) utterances.push(current);
  return utterances;
}

/**
 * One session's captions: finished words in, `transcript` events out. An utterance is published
 * once it is closed (a later word after a pause, the audio clock a pause past it, the engine heard
 * no speaker, or the audio stopped) and the tone windows it overlaps have been analysed.
 */
export class Captioner {
  private readonly options: Required<CaptionerOptions>;
  private words: RecognisedWord[] = [];
  private readonly tones: ToneEvent[] = [];
  /** Every speech window's voice, labelled or not: a voice still settling (no label yet) speaks captions too. */
  private readonly voices: VoiceWindow[] = [];
  /** The call state's changes, oldest first: from `fromS` on, whether the line carried no voice. */
  private readonly callStates: Array<{ fromS: number; nonVoice: boolean }> = [];
  /** Audio seconds the recogniser has been given. */
  private audioS = 0;
  /** Audio seconds the tone engine has analysed. */
  private analysedS = 0;
  /** Audio seconds from which the engine hears nobody, while it does (Infinity while someone speaks). */
  private silentFromS = Infinity;
  /** The audio stopped: whatever arrives is complete. */
  private draining = false;
  /**
   * The audio time from which the clock alone can release the held words: `advance` runs per
   * frame, so it re-examines them only once this is reached, not ten times a second.
   */
  private dueAtS = Infinity;

  constructor(options: CaptionerOptions) {
    this.options = { pauseS: CAPTION_TIMING.pauseS, maxUtteranceS: CAPTION_TIMING.maxUtteranceS, nonVoiceDropped: () => undefined, ...options };
  }

  /** Words the recogniser finished, in order. */
  addWords(words: readonly RecognisedWord[]): void {
    for (const word of words) if (word.word) this.words.push(word);
    this.release();
  }

  /** A published tone event (already above MIN_CONFIDENCE). */
  addTone(tone: ToneEvent): void {
    this.tones.push(tone);
    if (this.tones.length > CAPTION_TIMING.toneMemory) this.tones.shift();
    this.addVoice(tone);
  }

  /** A speech window's voice: every tone event's, including those withheld under MIN_CONFIDENCE. */
  addVoice({ speaker_id, timestamp }: VoiceWindow): void {
    this.voices.push({ speaker_id, timestamp });
    if (this.voices.length > CAPTION_TIMING.toneMemory) this.voices.shift();
    this.release();
  }

  /**
   * The call state changed at `timestampS` (a queue event). A voice's state starts `voiceConfirmS` earlier, where the
   * detector began to hear it, so the first word after hold music is not taken for the music.
   */
  addCallState(label: string, timestampS: number): void {
    if (label === 'dtmf_tone') return;
    const nonVoice = NON_VOICE_STATES.has(label);
    this.callStates.push({ fromS: nonVoice ? timestampS : timestampS - CAPTION_TIMING.voiceConfirmS, nonVoice });
    if (this.callStates.length > CAPTION_TIMING.callStateMemory) this.callStates.shift();
    this.release();
  }

  /** Whether the line carried no voice at `timeS`, as far as the call states heard so far tell. */
  private nonVoiceAt(timeS: number): boolean {
    for (let i = this.callStates.length - 1; i >= 0; i--) if (this.callStates[i]!.fromS <= timeS) return this.callStates[i]!.nonVoice;
    return false;
  }

  /** The tone engine answered for audio up to `endS`. */
  analysed(endS: number): void {
    this.analysedS = Math.max(this.analysedS, endS);
    this.release();
  }

  /** The engine heard no speaker from `startS` on (speaker event no_speaker), or speech again. */
  markSpeech(startS: number, speech: boolean): void {
    this.silentFromS = speech ? Infinity : startS;
    this.release();
  }

  /** The recogniser has been given audio up to `audioS`. */
  advance(audioS: number): void {
    this.audioS = Math.max(this.audioS, audioS);
    // Audio resuming only holds words back longer; it never releases any by itself.
    this.draining = false;
    if (this.audioS >= this.dueAtS) this.release();
  }

  /** The audio stopped: publish what is held, and whatever the recogniser still finishes. */
  flush(): void {
    this.draining = true;
    this.release();
  }

  private release(): void {
    this.dueAtS = Infinity;
    if (this.words.length === 0) return;
    const { pauseS, maxUtteranceS, windowS } = this.options;
    const utterances = segmentWords(this.words, pauseS, maxUtteranceS);
    const last = utterances[utterances.length - 1]!;
    const lastEnd = last[last.length - 1]!.endS;
    const lastClosed = this.draining || this.audioS >= lastEnd + pauseS || this.silentFromS !== Infinity;
    const ready = lastClosed ? utterances : utterances.slice(0, -1);
    let published = 0;
    let blocked = false;
    for (const utterance of ready) {
      const endS = utterance[utterance.length - 1]!.endS;
      // Wait for the window holding the utterance's end, unless the engine will not answer for it.
      const toneGivenUpAtS = endS + windowS + CAPTION_TIMING.toneWaitS;
      // Heard while the line carried no voice: wait until a voice that began meanwhile would have been declared.
      const analysedTo = this.nonVoiceAt(endS) ? endS + CAPTION_TIMING.voiceConfirmS : endS;
      const toneKnown = this.analysedS >= analysedTo || this.draining || this.audioS >= toneGivenUpAtS;
      if (!toneKnown) {
        this.dueAtS = toneGivenUpAtS;
        blocked = true;
        break;
      }
      this.publishUtterance(utterance);
      published += utterance.length;
    }
    // The last utterance, still open, closes by the clock a pause after its last word.
    if (!blocked && !lastClosed) this.dueAtS = lastEnd + pauseS;
    if (published > 0) this.words = this.words.slice(published);
  }

  private publishUtterance(heard: RecognisedWord[]): void {
    const words = heard.filter((w) => !this.nonVoiceAt((w.startS + w.endS) / 2));
    if (words.length < heard.length) this.options.nonVoiceDropped(heard.length - words.length);
    if (words.length === 0) return;
    const startS = words[0]!.startS;
    const endS = Math.max(startS, words[words.length - 1]!.endS);
    const plainText = words.map((w) => w.word).join(' ');
    // The words and their tone are the voice's that spoke most of them: the other voice's windows at a turn's edge are not its tone.
    const speakerId = speakerOfUtterance(this.voices, startS, endS, this.options.windowS);
    const acoustic = toneOfUtterance(
      this.tones.filter((tone) => tone.speaker_id === speakerId),
      startS,
      endS,
      this.options.windowS,
    );
    // Flat-voiced questions carry no rising end for the engine to hear; their words still ask
    // (docs/tone.md, "Questioning from the words"), quoted as surely as they were right at this much noise.
    // The engine's own Questioning is kept as it is.
    const tone = acoustic?.label !== 'Questioning' && isQuestionByWords(words.map((w) => w.word)) ? wordsQuestionTone(this.options.snrDb(startS, endS)) : acoustic;
    const confidences = words.map((w) => w.confidence).filter((c): c is number => c !== undefined);
    const event: TranscriptEvent = {
      event_type: 'transcript',
      session_id: this.options.sessionId,
      text: this.options.elcor && tone ? `[${tone.label}] ${plainText}` : plainText,
      plain_text: plainText,
      speaker_id: speakerId,
      timestamp: startS,
      start: startS,
      end: endS,
      ...(tone ? { tone } : {}),
      ...(confidences.length > 0
        ? { confidence: Math.min(1, Math.max(0, confidences.reduce((a, b) => a + b, 0) / confidences.length)) }
        : {}),
    };
    this.options.publish(event);
  }
}
