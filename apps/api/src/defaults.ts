import { availableParallelism } from 'node:os';
import { DEFAULT_MIN_CONFIDENCE } from '@linnet/engine';

/**
 * Every server default, owned here once: env.ts falls back to these when a variable is unset, and
 * the app, store, channel, subscribers and sidecar use them when a caller (a test) leaves an
 * option out. A default changed here changes everywhere.
 */
export const DEFAULTS = {
  port: 8522,
  host: '0.0.0.0',
  /** SESSION_IDLE_TTL_S: a session nobody listens to is reaped after this long. */
  sessionIdleTtlS: 90,
  /** SSE_HEARTBEAT_S: comments that keep proxies and phones from closing a quiet stream. */
  sseHeartbeatS: 15,
  maxSessions: 100,
  /** SSE_REPLAY_BUFFER: events per session kept for Last-Event-ID replay. */
  sseReplayBuffer: 500,
  minConfidence: DEFAULT_MIN_CONFIDENCE,
  sidecarTimeoutMs: 5_000,
  /** WHISPER_API, WHISPER_MODEL, WHISPER_TIMEOUT_MS: the whisper recogniser's server and budget per utterance. */
  whisperApi: 'whispercpp',
  whisperModel: 'whisper-1',
  whisperTimeoutMs: 10_000,
  /** ENGINE_WORKERS: one engine thread per core. */
  engineWorkers: availableParallelism(),
  /**
   * MAX_TRANSCRIBERS: pocketsphinx processes at once. One real-time stream costs 0.12-0.16 of a
   * core while fed speech (docs/api.md, "Captions", bench:captions); 4 leaves 2 cores most of their
   * time for the tone engine even when everyone talks at once.
   */
  maxTranscribers: 4,
  logLevel: 'info',
  /** Unsent bytes an SSE subscriber may hold before it is cut off as too slow. */
  sseMaxBacklogBytes: 1 << 20,
  /** Time a backlogged SSE subscriber has to drain before it is cut off. */
  sseDrainTimeoutMs: 10_000,
  /** Retry-After seconds when MAX_SESSIONS are running and the TTL gives no better hint. */
  retryAfterS: 45,
  /** LINNET_DB: kept conversations and corrections, relative to the working directory (git-ignored). */
  db: 'data/linnet.db',
  /** RETENTION_DAYS: kept conversations are deleted this long after they ended. */
  retentionDays: 30,
  /** Events one kept conversation holds at most: about 14 hours of 1 s tone windows with captions. */
  keptEventsMax: 100_000,
} as const;

/** How an event stream treats its subscribers: heartbeat and the slow-client bounds. */
export interface SseOptions {
  /** Interval between `: heartbeat` comments (SSE_HEARTBEAT_S × 1000). */
  heartbeatMs: number;
  /** Bytes a subscriber's socket may hold unsent before it counts as too slow. */
  maxBacklogBytes: number;
  /** How long a backlogged socket may take to drain before it is cut off. */
  drainTimeoutMs: number;
}

/** The SSE options with every default filled in. */
export const DEFAULT_SSE_OPTIONS: SseOptions = {
  heartbeatMs: DEFAULTS.sseHeartbeatS * 1000,
  maxBacklogBytes: DEFAULTS.sseMaxBacklogBytes,
  drainTimeoutMs: DEFAULTS.sseDrainTimeoutMs,
};
