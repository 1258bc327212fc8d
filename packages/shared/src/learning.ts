import { z } from 'zod/mini';
import { TONE_LABELS } from './events.js';

/** What this installation has learnt about one tone label from the user's corrections. */
export const LearntLabelSchema = z.object({
  label: z.enum(TONE_LABELS),
  /** Shown and confirmed (thumbs up). */
  confirmed: z.number().check(z.int(), z.minimum(0)),
  /** Shown and rejected (thumbs down). */
  rejected: z.number().check(z.int(), z.minimum(0)),
  /** Named as the right label when another was shown. */
  missed: z.number().check(z.int(), z.minimum(0)),
  /**
   * Added to the label's score (window spreads) before the shown label is chosen: positive shows it
   * sooner, negative needs more evidence; bounded by `max_offset`.
   */
  offset: z.number(),
});
export type LearntLabel = z.infer<typeof LearntLabelSchema>;

/**
 * `GET /learning` (and the answer of `DELETE /learning`): "Linnet has learned from N of your
 * corrections". `corrections` counts tone-label ratings since the last reset; nothing moves before
 * `min_corrections`. New sessions start with the offsets shown here.
 */
export const LearningResponseSchema = z.object({
  corrections: z.number().check(z.int(), z.minimum(0)),
  min_corrections: z.number().check(z.int(), z.minimum(0)),
  max_offset: z.number().check(z.minimum(0)),
  /** True once at least one label's offset has moved. */
  active: z.boolean(),
  labels: z.array(LearntLabelSchema),
  /** ISO 8601 time of the last reset, or null if never reset. */
  reset_at: z.nullable(z.string()),
});
export type LearningResponse = z.infer<typeof LearningResponseSchema>;

/** Query of `GET /learning` and `DELETE /learning`: they take none, and say so when given one. */
export const LearningQuerySchema = z.strictObject({});
