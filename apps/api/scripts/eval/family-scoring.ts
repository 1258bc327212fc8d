import { TONE_LABELS } from '@linnet/shared';
import type { FamilyEntry } from '../corpus/family-manifest.js';
import { reliability, type Shown } from './family-calibration.js';
import { countPhrases, emptyCounts, FINAL_AFTER_S, finalCovered, phraseTouched, toneSpan } from './phrase-scoring.js';
import { plurality, scores, tally, type Confusion } from './tone-metrics.js';

/** One tone event of a file as the engine emitted it, with its raw (uncalibrated) confidence. */
export interface WindowTone {
  startS: number;
  label: string;
  raw: number;
  /** Heard through a narrowband phone line: quoted through the phone line's calibration map. */
  narrowband: boolean;
}

/** A corpus file and its tone events. */
export interface StreamedFile {
  entry: FamilyEntry;
  tones: WindowTone[];
}

/** The confidence a label is shown with: raw, or through a calibration map. */
export type ConfidenceOf = (label: string, raw: number, family: string, narrowband: boolean) => number;

const inSegment = (entry: FamilyEntry, tone: WindowTone) => tone.startS >= entry.segmentStartS - 0.05 && tone.startS < entry.segmentEndS;

/**
 * Whether a segment window's label is right: the file's label, except that Questioning is phrase-final
 * by nature — a Questioning window is right only where a question ends, wherever it is — and a
 * Questioning file is the voice as usual asking questions, so away from a question's end its windows
 * are Calm (at a question's end, anything but Questioning is a miss).
 */
export function windowCorrect(entry: FamilyEntry, tone: Pick<WindowTone, 'label' | 'startS'>): boolean {
  const window = [toneSpan(tone)];
  const atQuestionEnd = entry.phrases.some((phrase) => phrase.question && finalCovered(phrase, window));
  if (tone.label === 'Questioning') return atQuestionEnd;
  if (entry.label === 'Questioning') return tone.label === 'Calm' && !atQuestionEnd;
  return tone.label === entry.label;
}

/**
 * Scores a set of files the way the app shows them (labels at or above `minConfidence`, confidence
 * through `confidenceOf`): file labels (plurality), per-style dominance, Questioning per phrase, and
 * the reliability of every shown label overall and per label.
 */
export function scoreFiles(files: readonly StreamedFile[], confidenceOf: ConfidenceOf, minConfidence: number) {
  const confusion: Confusion = new Map();
  const shown: Shown[] = [];
  const phrases = emptyCounts();
  for (const { entry, tones } of files) {
    const visible = tones
      // Whether a label is shown is the rules' decision (raw confidence at the bar); the calibration map only
      // says how sure it is, so a map that quotes a shown label under the bar does not hide it.
      .filter((tone) => tone.raw >= minConfidence)
      .map((tone) => ({ ...tone, confidence: confidenceOf(tone.label, tone.raw, entry.family, tone.narrowband) }));
    const segment = visible.filter((tone) => inSegment(entry, tone));
    tally(confusion, entry.label, plurality(segment.map((tone) => tone.label)));
    for (const tone of segment) shown.push({ label: tone.label, confidence: tone.confidence, correct: windowCorrect(entry, tone) });
    const questioning = visible.filter((tone) => tone.label === 'Questioning').map(toneSpan);
    countPhrases(phrases, entry.phrases, (phrase) => finalCovered(phrase, questioning), (phrase) => phraseTouched(phrase, questioning, FINAL_AFTER_S));
  }
  const { perLabel, macroF1 } = scores(confusion);
  const dominance = TONE_LABELS.map((label) => {
    const row = confusion.get(label);
    const total = [...(row?.values() ?? [])].reduce((sum, n) => sum + n, 0);
    return { label, share: total ? (row?.get(label) ?? 0) / total : 0, files: total };
  });
  const perLabelReliability = Object.fromEntries(TONE_LABELS.map((label) => [label, reliability(shown.filter((s) => s.label === label))]));
  return {
    files: files.length,
    confusion,
    perLabel,
    macroF1,
    dominance,
    questionFinal: phrases.questionsFinal / Math.max(1, phrases.questions),
    questionPhrases: phrases.questions,
    statementFalse: phrases.statementsFalse / Math.max(1, phrases.statements),
    statementPhrases: phrases.statements,
    calibration: reliability(shown),
    perLabelReliability,
  };
}
export type FileScores = ReturnType<typeof scoreFiles>;

/**
 * Every shown segment tone (raw confidence at or above the bar) with whether it was right: what a calibration map is
 * fitted on. `narrowband`: the phone line's map (windows heard through a line, of the phone-line copies), or the
 * full-band one (the other windows of the other files).
 */
export function calibrationSamples(files: readonly StreamedFile[], minConfidence: number, narrowband = false) {
  const byLabel = new Map<string, Array<{ raw: number; correct: boolean }>>();
  for (const { entry, tones } of files) {
    // A phone-line map learns from phone-line copies only, a full-band one never from them (whatever a window's flag says).
    if ((entry.condition === 'phone') !== narrowband) continue;
    for (const tone of tones) {
      if (!inSegment(entry, tone) || tone.raw < minConfidence || tone.narrowband !== narrowband) continue;
      const list = byLabel.get(tone.label) ?? [];
      list.push({ raw: tone.raw, correct: windowCorrect(entry, tone) });
      byLabel.set(tone.label, list);
    }
  }
  return byLabel;
}
