import { z } from 'zod/mini';
import { LinnetEventSchema } from './events.js';
import { SessionIdSchema } from './session.js';

/** The settings a conversation ran with, kept beside it. */
export const KeptSettingsSchema = z.object({
  elcor: z.boolean(),
  window_ms: z.number().check(z.int()),
  transcribe: z.boolean(),
});
export type KeptSettings = z.infer<typeof KeptSettingsSchema>;

const finite = () => z.number().check(z.refine(Number.isFinite, 'must be a finite number'));

/**
 * The numbers of a speaker baseline (the labeller's running norm of the voice, not audio): kept with a
 * conversation when it ends, and the starting norm of the session that resumes it.
 */
export const SpeakerBaselineStateSchema = z.object({
  /** Median pitch, semitones above 100 Hz. */
  pitch_st: finite(),
  /** log2(1 + pitch range in semitones). */
  pitch_range_log: finite(),
  /** Loudness, dBFS. */
  loudness_db: finite(),
  /** Syllables per second. */
  rate: finite(),
  tempo: finite(),
  /** Share of the window spent in pauses. */
  pause_ratio: finite(),
  /** Speech windows the norm was learnt from: how settled it is. */
  windows: z.number().check(z.int(), z.minimum(0)),
});
export type SpeakerBaselineState = z.infer<typeof SpeakerBaselineStateSchema>;

/** Query of `GET /sessions`: newest first, `q` searches caption text, `before` pages on `started_at`. */
export const KeptSessionsQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  before: z.optional(z.iso.datetime()),
});
export type KeptSessionsQuery = z.infer<typeof KeptSessionsQuerySchema>;

/** One tone label's share of a kept conversation's tone windows. */
export const ToneShareSchema = z.object({
  label: z.string(),
  share: z.number().check(z.minimum(0), z.maximum(1)),
});
export type ToneShare = z.infer<typeof ToneShareSchema>;

/** A kept conversation as the History list shows it. */
export const KeptSessionSummarySchema = z.object({
  session_id: SessionIdSchema,
  /** ISO 8601 wall-clock times. */
  started_at: z.string(),
  ended_at: z.string(),
  duration_s: z.number().check(z.minimum(0)),
  end_reason: z.string(),
  /** The first caption words (up to 80 characters), or null without captions. */
  first_words: z.nullable(z.string()),
  /** The tones that dominated, largest share first (at most three). */
  tones: z.array(ToneShareSchema),
  caption_count: z.number().check(z.int(), z.minimum(0)),
  event_count: z.number().check(z.int(), z.minimum(0)),
  /** The kept conversation this one resumed, if any. */
  resumed_from: z.nullable(SessionIdSchema),
});
export type KeptSessionSummary = z.infer<typeof KeptSessionSummarySchema>;

/** Answer of `GET /sessions`; `next_before` is the `before` of the next page, null on the last. */
export const KeptSessionsResponseSchema = z.object({
  count: z.number().check(z.int(), z.minimum(0)),
  sessions: z.array(KeptSessionSummarySchema),
  next_before: z.nullable(z.string()),
});
export type KeptSessionsResponse = z.infer<typeof KeptSessionsResponseSchema>;

/** One kept event with the id it had on the live stream: what a correction refers to. */
export const KeptEventSchema = z.object({
  id: z.number().check(z.int(), z.minimum(1)),
  event: LinnetEventSchema,
});
export type KeptEvent = z.infer<typeof KeptEventSchema>;

/** Answer of `GET /sessions/:id` and body of its JSON export: the whole conversation, never audio. */
export const KeptSessionSchema = z.extend(KeptSessionSummarySchema, {
  settings: KeptSettingsSchema,
  /** The speaker baseline at the end (null when no speech was analysed); a resumed session starts from it. */
  speaker_baseline: z.optional(z.nullable(SpeakerBaselineStateSchema)),
  events: z.array(KeptEventSchema),
});
export type KeptSession = z.infer<typeof KeptSessionSchema>;

/** Answer of `DELETE /sessions/:id` and `DELETE /sessions`. */
export const DeleteKeptResponseSchema = z.object({
  deleted: z.number().check(z.int(), z.minimum(0)),
});
export type DeleteKeptResponse = z.infer<typeof DeleteKeptResponseSchema>;

/** `POST /session/resume` body: the kept conversation to continue. */
export const ResumeSessionRequestSchema = z.strictObject({
  from: SessionIdSchema,
});
export type ResumeSessionRequest = z.infer<typeof ResumeSessionRequestSchema>;
