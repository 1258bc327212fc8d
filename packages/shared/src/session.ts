import { z } from 'zod/mini';
import { SERVICE_CODES, ToneEventSchema, TranscriptEventSchema } from './events.js';

/**
 * Session ids are 128 random bits in base64url (22 chars); the path schema is looser so that
 * ids from older clients (UUIDs) still parse, but it never admits characters outside base64url.
 */
export const SessionIdSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'session id must be URL-safe (A-Z, a-z, 0-9, _ and -)'));
export type SessionId = z.infer<typeof SessionIdSchema>;

export const SessionStateSchema = z.enum(['running', 'stopped']);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** `POST /session/start` body; the whole body is optional, unknown fields are rejected. */
export const StartSessionRequestSchema = z.strictObject({
  elcor: z._default(z.boolean(), false),
  window_ms: z._default(z.number().check(z.int(), z.minimum(500), z.maximum(3000)), 1000),
  /** Ask for live captions; a server without a recogniser, or at MAX_TRANSCRIBERS, says so on the stream. */
  transcribe: z._default(z.boolean(), true),
  /** Keep this conversation (times, captions, tone, speaker and call-state events; never audio) after it ends. */
  keep: z._default(z.boolean(), false),
});
export type StartSessionRequest = z.infer<typeof StartSessionRequestSchema>;

/** Recognisers a server can caption with; `off` when it has none. */
export const RECOGNISER_KINDS = ['pocketsphinx', 'whisper', 'off'] as const;
export type RecogniserKind = (typeof RECOGNISER_KINDS)[number];

/**
 * Where a session's captions are: `off` (none: see `code`), `starting` (waiting for audio, or a
 * recogniser starting or restarting), `live`, or `failed` for good (tone labels go on).
 */
export const CAPTIONS_STATUSES = ['off', 'starting', 'live', 'failed'] as const;
export type CaptionsStatus = (typeof CAPTIONS_STATUSES)[number];

/**
 * A session's captions as of now: what its last `service-event` said, for a client that joins late
 * or lost that event in a replay gap.
 */
export const CaptionsStateSchema = z.object({
  recogniser: z.enum(RECOGNISER_KINDS),
  status: z.enum(CAPTIONS_STATUSES),
  /** The reason, as the service event's `code`; absent while starting. */
  code: z.optional(z.enum(SERVICE_CODES)),
  /** The service event's sentence for people; absent while starting. */
  detail: z.optional(z.string()),
});
export type CaptionsState = z.infer<typeof CaptionsStateSchema>;

/** Answer of `POST /session/start` and `GET /session/:id`. */
export const SessionResponseSchema = z.object({
  session_id: SessionIdSchema,
  state: SessionStateSchema,
  elcor: z.boolean(),
  /** The conversation is kept when it ends (absent from servers without storage). */
  keep: z.optional(z.boolean()),
  /** The kept conversation this session continues (`POST /session/resume`). */
  resumed_from: z.optional(SessionIdSchema),
  /** Absent from servers older than captions, and from servers run without them. */
  captions: z.optional(CaptionsStateSchema),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

/** Answer of `DELETE /session/:id/end`. */
export const EndSessionResponseSchema = z.object({
  session_id: SessionIdSchema,
  state: z.literal('stopped'),
  /** On a kept session: whether the conversation was written, or could not be kept. */
  keep: z.optional(z.enum(['kept', 'failed'])),
});
export type EndSessionResponse = z.infer<typeof EndSessionResponseSchema>;

/** Number of tone events a session keeps for `/history`. */
export const HISTORY_CAPACITY = 50;

/** Query of `GET /session/:id/history`; query strings arrive as text, so numbers are coerced here. */
export const HistoryQuerySchema = z.strictObject({
  min_confidence: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1)), 0),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), HISTORY_CAPACITY),
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const HistoryResponseSchema = z.object({
  session_id: SessionIdSchema,
  count: z.number().check(z.int(), z.minimum(0)),
  events: z.array(ToneEventSchema),
});
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;

/**
 * Answer of `GET /session/:id/captions`: the captions the session retains (its replay buffer's
 * reach), oldest first, and its captions' state, so a client that missed events in a replay gap
 * can fill them in.
 */
export const SessionCaptionsResponseSchema = z.object({
  session_id: SessionIdSchema,
  count: z.number().check(z.int(), z.minimum(0)),
  captions: z.array(TranscriptEventSchema),
  /** Absent from servers run without captions. */
  state: z.optional(CaptionsStateSchema),
});
export type SessionCaptionsResponse = z.infer<typeof SessionCaptionsResponseSchema>;

/** Download formats of `GET /session/:id/export`: the JSON record, a Markdown transcript, WebVTT captions. */
export const EXPORT_FORMATS = ['json', 'md', 'vtt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Query of `GET /session/:id/export`; without `format` the export is the JSON record. */
export const ExportQuerySchema = z.strictObject({
  format: z._default(z.enum(EXPORT_FORMATS), 'json'),
});
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** Body of `GET /session/:id/export`, downloaded as `linnet-session-<id>.json`. */
export const SessionExportSchema = z.object({
  session_id: SessionIdSchema,
  state: SessionStateSchema,
  elcor: z.boolean(),
  window_ms: z.number().check(z.int()),
  /** ISO 8601 wall-clock time the session started. */
  started_at: z.string(),
  /** ISO 8601 wall-clock time of the export. */
  exported_at: z.string(),
  count: z.number().check(z.int(), z.minimum(0)),
  events: z.array(ToneEventSchema),
});
export type SessionExport = z.infer<typeof SessionExportSchema>;

/**
 * The server's captions in `/health`: `off` (`captions_off`) without a recogniser, else `live`, with
 * `captions_busy` while all MAX_TRANSCRIBERS are in use (a new session would get none).
 */
export const HealthCaptionsSchema = z.object({
  recogniser: z.enum(RECOGNISER_KINDS),
  status: z.enum(['off', 'live']),
  code: z.enum(SERVICE_CODES),
  active: z.number().check(z.int(), z.minimum(0)),
  max_transcribers: z.number().check(z.int(), z.minimum(0)),
});
export type HealthCaptions = z.infer<typeof HealthCaptionsSchema>;

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  service: z.literal('linnet'),
  captions: z.optional(HealthCaptionsSchema),
  /** Kept conversations and corrections: `unavailable` when the server runs without its SQLite driver. */
  storage: z.optional(z.enum(['ok', 'unavailable'])),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
