import type { CalibrationKnots } from '@linnet/engine';

/**
 * The words rule's precision by the session's estimated speech-to-noise (SpeechToNoise, dB -> share of
 * words-question utterances that overlapped a question; linear between knots, flat beyond), fitted by
 * condition (one knot per noise condition: its median estimate and share right, pooled where a noisier one
 * did better) on the families corpus's TUNING sentences, clean, snr20, snr10, 142 utterances.
 * Written by `pnpm --filter @linnet/api exec tsx scripts/eval/question-words.ts tuning --condition clean,snr20,snr10 --statement-files 1 --write-snr-map`.
 */
export const WORDS_QUESTION_BY_SNR: CalibrationKnots = {
  raw: [15.495, 24.956, 40],
  precision: [0.579, 0.857, 0.873],
};
