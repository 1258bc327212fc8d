/**
 * Questioning per phrase, for the engine's windows (family-scoring.ts) and for words-question utterances
 * (question-words.ts) alike: does a question's final phrase get it, does a statement ever get it.
 */
import type { FamilyPhrase } from '../corpus/family-manifest.js';

/** A span of a file, in seconds: a words-question utterance, or a Questioning tone window. */
export interface Span {
  startS: number;
  endS: number;
}

// A phrase end is seen once voicing has stopped for 150 ms: the window holding the end or the one
// straddling it carries the rise. A span overlapping [end − 0.5 s, end + 0.3 s] covers a question's
// final phrase, and the engine's windows are seen up to 0.3 s past a statement's end.
const FINAL_BEFORE_S = 0.5;
export const FINAL_AFTER_S = 0.3;
/** The engine's tone windows are 1 s long (streamRecorded). */
const TONE_WINDOW_S = 1;

/** The span of a tone window that starts at `startS`. */
export const toneSpan = ({ startS }: { startS: number }): Span => ({ startS, endS: startS + TONE_WINDOW_S });

const overlaps = (span: Span, from: number, to: number) => span.startS < to && span.endS > from;

/** Questions whose final phrase a span covers, and statements any span touches, over one file's phrases. */
export interface PhraseCounts {
  questions: number;
  questionsFinal: number;
  statements: number;
  statementsFalse: number;
}

export const emptyCounts = (): PhraseCounts => ({ questions: 0, questionsFinal: 0, statements: 0, statementsFalse: 0 });

/** Whether a span overlaps a question's last 0.5 s (to 0.3 s after it). */
export const finalCovered = (phrase: FamilyPhrase, spans: readonly Span[]) =>
  spans.some((span) => overlaps(span, phrase.endS - FINAL_BEFORE_S, phrase.endS + FINAL_AFTER_S));

/**
 * Whether a span overlaps a statement, or up to `afterS` past its end (the engine's windows: 0.3 s, as
 * family-scoring.ts; a words utterance: 0, its times are the words').
 */
export const phraseTouched = (phrase: FamilyPhrase, spans: readonly Span[], afterS: number) =>
  spans.some((span) => overlaps(span, phrase.startS, phrase.endS + afterS));

/**
 * Adds one file's phrases to `counts`: a question counts when `final(phrase)` (Questioning on its final
 * phrase), a statement counts as a false Questioning when `touched(phrase)`.
 */
export function countPhrases(counts: PhraseCounts, phrases: readonly FamilyPhrase[], final: (phrase: FamilyPhrase) => boolean, touched: (phrase: FamilyPhrase) => boolean): void {
  for (const phrase of phrases) {
    if (phrase.question) {
      counts.questions++;
      if (final(phrase)) counts.questionsFinal++;
    } else {
      counts.statements++;
      if (touched(phrase)) counts.statementsFalse++;
    }
  }
}

/** Words-question utterances that overlap a question phrase (right) against all of them: the rule's precision counts. */
export function countUtterances(phrases: readonly FamilyPhrase[], questionSpans: readonly Span[]): { right: number; all: number } {
  const questions = phrases.filter((phrase) => phrase.question);
  const right = questionSpans.filter((span) => questions.some((phrase) => overlaps(span, phrase.startS, phrase.endS))).length;
  return { right, all: questionSpans.length };
}
