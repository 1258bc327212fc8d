import { z } from 'zod';
import { TONE_LABELS } from '@linnet/shared';
import { FAMILIES } from './family-styles.js';

/**
 * Which sentences a file speaks: tuning sentences may be looked at while tuning, held-out ones never;
 * fresh ones (FRESH_STATEMENTS, FRESH_QUESTIONS) only once a change has been chosen.
 */
export const SENTENCE_SETS = ['tuning', 'heldout', 'fresh'] as const;
export type SentenceSet = (typeof SENTENCE_SETS)[number];

/**
 * Every file is also written with noise added at 20 and 10 dB SNR, as the espeak tone corpus is, through a
 * narrowband phone line (`phone`: 300-3400 Hz, 8 kHz mu-law; `telephoneBand`) and in a reverberant room
 * (`room`: sox `reverb 50 50 100`, a speakerphone across a living room; `inRoom`).
 */
export const FAMILY_CONDITIONS = ['clean', 'snr20', 'snr10', 'phone', 'room'] as const;
export type FamilyCondition = (typeof FAMILY_CONDITIONS)[number];

/** One spoken phrase of a file's labelled segment, in seconds, and whether it is a yes/no question. */
export const FamilyPhraseSchema = z.object({
  startS: z.number().nonnegative(),
  endS: z.number().nonnegative(),
  question: z.boolean(),
});
export type FamilyPhrase = z.infer<typeof FamilyPhraseSchema>;

/** One file of the cross-family corpus (docs/tone.md, "Three families"). */
export const FamilyEntrySchema = z.object({
  file: z.string(),
  family: z.enum(FAMILIES),
  voice: z.string(),
  label: z.enum(TONE_LABELS),
  /** How the style was produced (FAMILY_STYLES' `way`). */
  way: z.string(),
  set: z.enum(SENTENCE_SETS),
  /** Clean, with white or pink noise at 20 or 10 dB under the lead-in's active speech level, through a phone line, or in a room. */
  condition: z.enum(FAMILY_CONDITIONS),
  noise: z.optional(z.enum(['white', 'pink'])),
  segmentStartS: z.number().nonnegative(),
  segmentEndS: z.number().nonnegative(),
  phrases: z.array(FamilyPhraseSchema),
});
export type FamilyEntry = z.infer<typeof FamilyEntrySchema>;

/** manifest.json of `.corpus/families/`. */
export const FamilyManifestSchema = z.object({ sampleRate: z.literal(16_000), files: z.array(FamilyEntrySchema) });
export type FamilyManifest = z.infer<typeof FamilyManifestSchema>;
