import { z } from 'zod';
import { TONE_LABELS } from '@linnet/shared';

/** One corpus file and what it is meant to contain. */
export const ToneCorpusEntrySchema = z.object({
  file: z.string(),
  /** `steady`: one voice speaking one style for about a minute after its lead-in (stability, docs/tone.md). */
  kind: z.enum(['tone', 'nonspeech', 'onsets', 'steady']),
  condition: z.enum(['clean', 'snr20', 'snr10']),
  label: z.enum(TONE_LABELS).optional(),
  voice: z.string().optional(),
  noise: z.enum(['white', 'pink', 'brown']).optional(),
  /** Seconds: the labelled segment after the neutral lead-in (tone and steady files). */
  segmentStartS: z.number().optional(),
  segmentEndS: z.number().optional(),
  /** Seconds: true speech onsets and offsets (onsets files). */
  onsets: z.array(z.number()).optional(),
  offsets: z.array(z.number()).optional(),
});
export type ToneCorpusEntry = z.infer<typeof ToneCorpusEntrySchema>;

/** manifest.json of the tone corpus. */
export const ToneCorpusManifestSchema = z.object({
  sampleRate: z.number(),
  files: z.array(ToneCorpusEntrySchema),
});
export type ToneCorpusManifest = z.infer<typeof ToneCorpusManifestSchema>;
