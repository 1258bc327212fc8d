import { z } from 'zod/mini';
import { SessionIdSchema } from './session.js';

/** The corrected label a user may pick when no label in the vocabulary fits. */
export const NONE_OF_THESE = 'none';

export const RatingSchema = z.enum(['up', 'down']);
export type Rating = z.infer<typeof RatingSchema>;

/**
 * `POST /corrections`: a thumbs up or down on one event of a live or kept session, referred to by
 * the session and the event's stream id. A thumbs down may name the right label from the event's
 * vocabulary, or `none`; `share` is the opt-in "may be used to improve Linnet".
 */
export const CorrectionRequestSchema = z.strictObject({
  session_id: SessionIdSchema,
  event_id: z.number().check(z.int(), z.minimum(1)),
  rating: RatingSchema,
  corrected_label: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  note: z.optional(z.string().check(z.maxLength(500))),
  share: z._default(z.boolean(), false),
});
export type CorrectionRequest = z.infer<typeof CorrectionRequestSchema>;

/** Answer of `POST /corrections`. */
export const CorrectionResponseSchema = z.object({
  correction_id: z.number().check(z.int(), z.minimum(1)),
  /** Corrections this installation holds in all. */
  total: z.number().check(z.int(), z.minimum(0)),
});
export type CorrectionResponse = z.infer<typeof CorrectionResponseSchema>;

/** The measurements of the rated window, as its event carried them (never audio). */
export const CorrectionFeaturesSchema = z.object({
  confidence: z.number(),
  shift_magnitude: z.optional(z.number()),
  shift_direction: z.optional(z.string()),
  prosody_flags: z.optional(z.array(z.string())),
  affect: z.optional(z.string()),
  timestamp: z.number(),
});
export type CorrectionFeatures = z.infer<typeof CorrectionFeaturesSchema>;

/** One line of `GET /corrections/export` (JSON Lines): an opted-in correction, without session ids. */
export const CorrectionExportRowSchema = z.object({
  correction_id: z.number().check(z.int(), z.minimum(1)),
  created_at: z.string(),
  event_type: z.string(),
  shown_label: z.string(),
  rating: RatingSchema,
  corrected_label: z.nullable(z.string()),
  note: z.nullable(z.string()),
  /** Present when the session was kept; null for a correction on a conversation nobody kept. */
  features: z.nullable(CorrectionFeaturesSchema),
});
export type CorrectionExportRow = z.infer<typeof CorrectionExportRowSchema>;
