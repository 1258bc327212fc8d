import { z } from 'zod/mini';

/** Seconds since the session started: every event is placed on the session's own clock. */
const TimestampSchema = z.number().check(z.minimum(0));
const ConfidenceSchema = z.number().check(z.minimum(0), z.maximum(1));
const LabelSchema = z.string().check(z.minLength(1), z.maxLength(64));
const SessionIdFieldSchema = z.string().check(z.minLength(1));
const SpeakerIdSchema = z.string().check(z.minLength(1), z.maxLength(64));

/** Tone labels the local prosody engine emits (a sidecar classifier may use others). */
export const TONE_LABELS = [
  'Calm',
  'Matter-of-fact',
  'Animated',
  'Tense',
  'Rushed',
  'Hesitant',
  'Questioning',
  'Subdued',
] as const;
export type ToneLabel = (typeof TONE_LABELS)[number];

/** Affect vocabulary; see docs/tone.md for the label → affect mapping. */
export const AFFECTS = [
  'neutral',
  'warm',
  'urgent',
  'frustrated',
  'confused',
  'apologetic',
  'enthusiastic',
  'uncertain',
  'low-energy',
] as const;

export const ProsodyFlagSchema = z.enum([
  'fast',
  'slow',
  'loud',
  'quiet',
  'raised pitch',
  'low pitch',
  'wide range',
  'monotone',
  'rising end',
  'long pauses',
]);
export type ProsodyFlag = z.infer<typeof ProsodyFlagSchema>;

export const ShiftDirectionSchema = z.enum(['escalating', 'de-escalating', 'stable']);
export type ShiftDirection = z.infer<typeof ShiftDirectionSchema>;

/** Speaker labels: local engine emits the first two on change only. */
export const SPEAKER_LABELS = ['human_single', 'no_speaker', 'human_multiple'] as const;

/** Call states (queue-event labels); `speech` means a person is talking again. */
export const QUEUE_LABELS = [
  'ringback',
  'busy',
  'hold_music',
  'dtmf_tone',
  'silence',
  'dead_air',
  'speech',
] as const;
export type QueueLabel = (typeof QUEUE_LABELS)[number];

/** Acoustic surroundings (environ-event labels). */
export const ENVIRON_LABELS = ['music', 'quiet', 'noise_floor_change', 'speech', 'noise'] as const;
export type EnvironLabel = (typeof ENVIRON_LABELS)[number];

export const ToneEventSchema = z.object({
  event_type: z.literal('tone'),
  session_id: SessionIdFieldSchema,
  label: LabelSchema,
  confidence: ConfidenceSchema,
  speaker_id: SpeakerIdSchema,
  /** Distance of this window from the speaker's baseline, 0 = usual, 1 = far off. */
  shift_magnitude: z.number().check(z.minimum(0), z.maximum(1)),
  shift_direction: ShiftDirectionSchema,
  timestamp: TimestampSchema,
  /** One plain sentence, or the bracketed `[Label — ...]` form on elcor sessions. */
  subtext: z.string(),
  affect: z.string().check(z.minLength(1), z.maxLength(32)),
  prosody_flags: z.array(ProsodyFlagSchema),
});
export type ToneEvent = z.infer<typeof ToneEventSchema>;

export const SpeakerEventSchema = z.object({
  event_type: z.literal('speaker'),
  session_id: SessionIdFieldSchema,
  label: LabelSchema,
  confidence: ConfidenceSchema,
  timestamp: TimestampSchema,
});
export type SpeakerEvent = z.infer<typeof SpeakerEventSchema>;

export const TranscriptEventSchema = z.object({
  event_type: z.literal('transcript'),
  session_id: SessionIdFieldSchema,
  text: z.string(),
  speaker_id: SpeakerIdSchema,
  timestamp: TimestampSchema,
});
export type TranscriptEvent = z.infer<typeof TranscriptEventSchema>;

export const QueueEventSchema = z.object({
  event_type: z.literal('queue'),
  session_id: SessionIdFieldSchema,
  label: LabelSchema,
  confidence: ConfidenceSchema,
  timestamp: TimestampSchema,
  /** Decoded keypad digits, present on `dtmf_tone`. */
  digits: z.optional(z.string().check(z.regex(/^[0-9*#A-D]+$/))),
});
export type QueueEvent = z.infer<typeof QueueEventSchema>;

export const EnvironEventSchema = z.object({
  event_type: z.literal('environ'),
  session_id: SessionIdFieldSchema,
  label: LabelSchema,
  confidence: ConfidenceSchema,
  timestamp: TimestampSchema,
});
export type EnvironEvent = z.infer<typeof EnvironEventSchema>;

/** Every event a session streams, discriminated on `event_type`. */
export const LinnetEventSchema = z.discriminatedUnion('event_type', [
  ToneEventSchema,
  SpeakerEventSchema,
  TranscriptEventSchema,
  QueueEventSchema,
  EnvironEventSchema,
]);
export type LinnetEvent = z.infer<typeof LinnetEventSchema>;
export type LinnetEventType = LinnetEvent['event_type'];

/** SSE `event:` name for each event type; existing clients listen for exactly these. */
export const SSE_EVENT_NAMES = {
  tone: 'tone-event',
  speaker: 'speaker-event',
  transcript: 'transcript-event',
  queue: 'queue-event',
  environ: 'environ-event',
} as const satisfies Record<LinnetEventType, string>;

export const SessionEndReasonSchema = z.enum(['ended', 'reaped', 'shutdown']);
export type SessionEndReason = z.infer<typeof SessionEndReasonSchema>;

/** `event: session-ended` — the last thing a stream sends before it closes. */
export const SessionEndedSchema = z.object({
  session_id: SessionIdFieldSchema,
  reason: SessionEndReasonSchema,
});
export type SessionEnded = z.infer<typeof SessionEndedSchema>;

/** `event: replay-gap` — the client asked to resume from an id the ring buffer no longer holds. */
export const ReplayGapSchema = z.object({
  last_event_id: z.number().check(z.int(), z.minimum(0)),
  first_available_id: z.number().check(z.int(), z.minimum(0)),
});
export type ReplayGap = z.infer<typeof ReplayGapSchema>;

/** `Last-Event-ID` header or `?lastEventId=`: a non-negative integer event id. */
export const LastEventIdSchema = z.coerce.number().check(z.int(), z.minimum(0));
