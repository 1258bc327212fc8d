/**
 * How a confidence is said to people, everywhere Linnet says it (the app's chips, the transcript
 * export): labels are probabilities, never verdicts. The one non-schema export of the contract,
 * because client and server must word a confidence the same way.
 */
export const CONFIDENCE_WORDS = {
  /** At or above: "very likely". */
  veryLikely: 0.85,
  /** At or above: "likely"; below: "possibly". */
  likely: 0.6,
} as const;

/** Confidence as hedged words: "very likely", "likely" or "possibly". */
export function confidenceWords(confidence: number): string {
  if (confidence >= CONFIDENCE_WORDS.veryLikely) return 'very likely';
  if (confidence >= CONFIDENCE_WORDS.likely) return 'likely';
  return 'possibly';
}
