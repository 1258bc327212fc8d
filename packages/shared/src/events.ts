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

/** Where a caption's tone came from: the voice (the tone windows it overlaps) or its words (a question by its grammar). */
export const CAPTION_TONE_SOURCES = ['voice', 'words'] as const;

/**
 * How a caption's utterance sounded: the tone windows it overlaps, reduced to the label with the
 * most time × confidence, with that label's best confidence and subtext; or, with `source: 'words'`,
 * Questioning because its words ask.
 */
export const CaptionToneSchema = z.object({
  label: LabelSchema,
  confidence: ConfidenceSchema,
  subtext: z.string(),
  /** Absent means the voice: the original Linnet client and older kept conversations send none. */
  source: z.optional(z.enum(CAPTION_TONE_SOURCES)),
});
export type CaptionTone = z.infer<typeof CaptionToneSchema>;

/**
 * One caption: an utterance the recogniser finished. The original Linnet client renders `text`, so
 * the first five fields keep its shape; `timestamp` equals `start` when both are present. Local
 * recognisers add the rest; a sidecar classifier's transcripts carry only the first five.
 */
export const TranscriptEventSchema = z.object({
  event_type: z.literal('transcript'),
  session_id: SessionIdFieldSchema,
  /** Text to display: on Elcor sessions prefixed with the bracketed tone, e.g. `[Tense] Fine.` */
  text: z.string(),
  speaker_id: SpeakerIdSchema,
  timestamp: TimestampSchema,
  /** Audio seconds where the utterance starts and ends. */
  start: z.optional(TimestampSchema),
  end: z.optional(TimestampSchema),
  /** The words alone, without any tone prefix: what search and export use. */
  plain_text: z.optional(z.string()),
  /** The utterance's tone; absent when no tone window passed MIN_CONFIDENCE. */
  tone: z.optional(CaptionToneSchema),
  /** The recogniser's own confidence in the words, when it reports one. */
  confidence: z.optional(ConfidenceSchema),
});
export type TranscriptEvent = z.infer<typeof TranscriptEventSchema>;

/** States of a session's optional services (captions), as the later upstream Linnet reports them. */
export const SERVICE_STATUSES = ['ready', 'loading', 'unavailable', 'error'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** Machine-readable reason beside the human `detail` of a service event. */
export const SERVICE_CODES = [
  'captions_ready',
  'captions_off',
  'captions_not_requested',
  'captions_busy',
  'captions_failed',
  'captions_restarted',
] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

/**
 * `service-event`: a change in what the session's optional services can do, e.g. captions
 * unavailable because every recogniser is busy. Tone labels flow regardless.
 */
export const ServiceEventSchema = z.object({
  event_type: z.literal('service'),
  session_id: SessionIdFieldSchema,
  status: z.enum(SERVICE_STATUSES),
  /** One plain sentence for people, e.g. "Captions unavailable: the server is busy". */
  detail: z.string().check(z.minLength(1), z.maxLength(200)),
  code: z.optional(z.enum(SERVICE_CODES)),
  /** Audio seconds at which the change happened (0 before any audio). */
  timestamp: TimestampSchema,
});
export type ServiceEvent = z.infer<typeof ServiceEventSchema>;

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
  ServiceEventSchema,
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
  service: 'service-event',
} as const satisfies Record<LinnetEventType, string>;

/** `lifetime`: the session ran for SESSION_MAX_LIFETIME_S, the longest the server keeps one. */
export const SessionEndReasonSchema = z.enum(['ended', 'reaped', 'shutdown', 'lifetime']);
export type SessionEndReason = z.infer<typeof SessionEndReasonSchema>;

/** `event: session-ended` — the last thing a stream sends before it closes. */
export const SessionEndedSchema = z.object({
  session_id: SessionIdFieldSchema,
  reason: SessionEndReasonSchema,
  /** On a kept session: `kept`, or `failed` when storage could not write it (the user is told). */
  keep: z.optional(z.enum(['kept', 'failed'])),
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
