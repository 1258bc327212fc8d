import { availableParallelism } from 'node:os';
import { DEFAULT_MIN_CONFIDENCE } from '@linnet/engine';

/**
 * Every server default, owned here once: env.ts falls back to these when a variable is unset, and
 * the app, store, channel, subscribers and sidecar use them when a caller (a test) leaves an
 * option out. A default changed here changes everywhere.
 */
export const DEFAULTS = {
  port: 8522,
  /**
   * LINNET_HOST without TLS: this machine only. Session ids travel in URLs, so plain HTTP on a
   * network shows them to everyone on it; and a phone gets the microphone only over HTTPS anyway.
   */
  host: '127.0.0.1',
  /** LINNET_HOST with LINNET_TLS_CERT/KEY: every interface, so phones on the network can connect. */
  tlsHost: '0.0.0.0',
  /** SESSION_IDLE_TTL_S: a session nobody listens to is reaped after this long. */
  sessionIdleTtlS: 90,
  /** SSE_HEARTBEAT_S: comments that keep proxies and phones from closing a quiet stream. */
  sseHeartbeatS: 15,
  maxSessions: 100,
  /** STORE: sessions and event streams in this process; `redis` shares them between instances. */
  store: 'memory' as 'memory' | 'redis',
  /** SSE_REPLAY_BUFFER: events per session kept for Last-Event-ID replay. */
  sseReplayBuffer: 500,
  minConfidence: DEFAULT_MIN_CONFIDENCE,
  sidecarTimeoutMs: 5_000,
  /** WHISPER_API, WHISPER_MODEL, WHISPER_TIMEOUT_MS: the whisper recogniser's server and budget per utterance. */
  whisperApi: 'whispercpp',
  whisperModel: 'whisper-1',
  whisperTimeoutMs: 10_000,
  /**
   * ENGINE_WORKERS: one engine thread per core but one, which the thread serving the sockets keeps.
   * At 1,000 sessions on 2 cores, two engine threads put every ack behind analysis for a CPU (ack
   * p99 472-626 ms in three runs); one left the socket thread a core (33-52 ms in two), with the
   * engine's 0.65 ms per session-second still under one core (docs/performance.md).
   */
  engineWorkers: Math.max(1, availableParallelism() - 1),
  /**
   * MAX_TRANSCRIBERS: pocketsphinx processes at once. One real-time stream costs 0.12-0.16 of a
   * core while fed speech (docs/api.md, "Captions", bench:captions); 4 leaves 2 cores most of their
   * time for the tone engine even when everyone talks at once.
   */
  maxTranscribers: 4,
  /**
   * RECOGNISER_NICE: the nice value of recogniser processes. On a busy machine, four decoders at
   * the server's priority took a core from the thread that serves every session's sockets, and
   * 1,000 sessions fell 20 s behind (docs/performance.md); a stepped-back decoder drops audio
   * instead, which its session is told ("overloaded"), and gets every idle cycle as before.
   */
  recogniserNice: 10,
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
  /**
   * MAX_SESSIONS_PER_CLIENT: a phone needs one session, a few tabs a few; 10 of the 100 slots
   * means no single address can hold the server (docs/reliability.md, "Limits, timeouts and origins").
   */
  maxSessionsPerClient: 10,
  /** MAX_SUBSCRIBERS_PER_SESSION: the phone, a second screen, and reconnects whose old socket still lingers. */
  maxSubscribersPerSession: 8,
  /** MAX_SUBSCRIBERS_PER_CLIENT: event streams one address may hold open across all its sessions. */
  maxSubscribersPerClient: 16,
  /** MAX_CONNECTIONS_PER_CLIENT: a browser opens up to 6 per host, plus its streams and audio sockets. */
  maxConnectionsPerClient: 64,
  /** MAX_CONNECTIONS: open connections at once; beyond it a new one is answered 503 and closed. */
  maxConnections: 1_000,
  /** SESSION_MAX_LIFETIME_S: a session ends with reason `lifetime` after this long, listened to or not. */
  sessionMaxLifetimeS: 4 * 3_600,
  /** HTTP_HEADERS_TIMEOUT_S: a request's headers must arrive within this (slowloris). */
  httpHeadersTimeoutS: 10,
  /** HTTP_REQUEST_TIMEOUT_S: a whole request (headers and body) must arrive within this. */
  httpRequestTimeoutS: 30,
  /** HTTP_KEEPALIVE_TIMEOUT_S: an idle kept-alive connection is closed after this. */
  httpKeepAliveTimeoutS: 5,
  /** A backlogged SSE subscriber whose socket takes no bytes for this long is cut off as stalled. */
  sseStallTimeoutMs: 5_000,
} as const;

/** How an event stream treats its subscribers: heartbeat and the slow-client bounds. */
export interface SseOptions {
  /** Interval between `: heartbeat` comments (SSE_HEARTBEAT_S × 1000). */
  heartbeatMs: number;
  /** Bytes a subscriber's socket may hold unsent before it counts as too slow. */
  maxBacklogBytes: number;
  /** How long a backlogged socket may take to drain before it is cut off. */
  drainTimeoutMs: number;
  /** How long a backlogged socket may go without taking a single byte before it is cut off. */
  stallTimeoutMs: number;
}

/** The SSE options with every default filled in. */
export const DEFAULT_SSE_OPTIONS: SseOptions = {
  heartbeatMs: DEFAULTS.sseHeartbeatS * 1000,
  maxBacklogBytes: DEFAULTS.sseMaxBacklogBytes,
  drainTimeoutMs: DEFAULTS.sseDrainTimeoutMs,
  stallTimeoutMs: DEFAULTS.sseStallTimeoutMs,
};
