import { z } from 'zod';
import { TONE_LABELS } from './events.js';

/**
 * How often each tone label was right when shown, on voices and sentences the labeller was not tuned
 * on (`pnpm eval`, leave-one-synthesiser-family-out; docs/tone.md). Written by the eval, turned into
 * the web app's figures module by a script, so the "What the labels mean" screen quotes the eval.
 */
export const ToneReliabilitySchema = z.object({
  /** The command that printed these figures. */
  source: z.string(),
  /** ISO date of the eval run. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Held-out macro-F1 per synthesiser family (file labels). */
  families: z.array(z.object({ family: z.string(), macroF1: z.number().min(0).max(1) })),
  labels: z.array(
    z.object({
      label: z.enum(TONE_LABELS),
      /** Shown windows with this label, and the share of them that were right. */
      shown: z.number().int().nonnegative(),
      precision: z.number().min(0).max(1),
      /** Expected calibration error of this label's confidence. */
      ece: z.number().min(0).max(1),
    }),
  ),
});
export type ToneReliability = z.infer<typeof ToneReliabilitySchema>;
