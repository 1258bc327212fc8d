import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { WHISPER_APIS } from './captions/whisper-client.js';
import { DEFAULTS } from './defaults.js';
import { LOG_LEVELS } from './lib/logger.js';

/** The built web app, served by the API when present (`pnpm build` writes it). */
const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

// An exported-but-empty variable (`LINNET_PORT=`) means "use the default", as in most shells' intent.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);
const integer = (min: number, max: number, fallback: number) =>
  optional(z.coerce.number().int().min(min).max(max).default(fallback));
/** `a, b ,c` as a list of items each checked by `item`; an empty entry is an error, not ignored. */
const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value), z.array(item));
/** TRUST_PROXY entries: `loopback` or one IP address of a proxy whose X-Forwarded-For is believed. */
const proxyAddress = z.union([z.literal('loopback'), z.union([z.ipv4(), z.ipv6()])]);
/** ALLOWED_ORIGINS entries: `scheme://host[:port]`, normalised to the origin a browser sends. */
const webOrigin = z
  .url({ protocol: /^https?$/ })
  .refine((text) => {
    const url = new URL(text);
    return url.pathname === '/' && !url.search && !url.hash && !url.username && !text.endsWith('#') && !text.endsWith('?');
  }, 'must be an origin: scheme://host[:port], no path')
  .transform((text) => new URL(text).origin);

/**
 * Every variable Linnet reads. LINNET_HOST defaults to 0.0.0.0 (so a phone on the network can
 * connect) only when Linnet serves TLS, and to 127.0.0.1 otherwise: a phone gets the microphone
 * only from a secure page, and plain HTTP shows every session id to the network.
 */
const EnvSchema = z
  .object({
    LINNET_PORT: integer(0, 65_535, DEFAULTS.port),
    LINNET_HOST: optional(z.enum(['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost']).optional()),
    SESSION_IDLE_TTL_S: integer(1, 86_400, DEFAULTS.sessionIdleTtlS),
    SSE_HEARTBEAT_S: integer(1, 3_600, DEFAULTS.sseHeartbeatS),
    MAX_SESSIONS: integer(1, 100_000, DEFAULTS.maxSessions),
    SSE_REPLAY_BUFFER: integer(1, 100_000, DEFAULTS.sseReplayBuffer),
    MIN_CONFIDENCE: optional(z.coerce.number().min(0).max(1).default(DEFAULTS.minConfidence)),
    TONE_ENGINE: optional(z.enum(['prosody', 'sidecar']).default('prosody')),
    CF_VOICE_URL: optional(z.url({ protocol: /^https?$/ }).optional()),
    SIDECAR_TIMEOUT_MS: integer(1, 120_000, DEFAULTS.sidecarTimeoutMs),
    WHISPER_URL: optional(z.url({ protocol: /^https?$/ }).optional()),
    WHISPER_API: optional(z.enum(WHISPER_APIS).default(DEFAULTS.whisperApi)),
    WHISPER_MODEL: optional(z.string().min(1).max(200).default(DEFAULTS.whisperModel)),
    WHISPER_TIMEOUT_MS: integer(1, 120_000, DEFAULTS.whisperTimeoutMs),
    // One engine thread per core: the main thread only moves bytes, and sleeps between frames.
    ENGINE_WORKERS: integer(1, 64, DEFAULTS.engineWorkers),
    // Live captions: `auto` runs pocketsphinx when it is installed, else none (said at start-up).
    TRANSCRIBER: optional(z.enum(['auto', 'pocketsphinx', 'whisper', 'off']).default('auto')),
    MAX_TRANSCRIBERS: integer(0, 1_000, DEFAULTS.maxTranscribers),
    RECOGNISER_NICE: integer(0, 19, DEFAULTS.recogniserNice),
    WEB_DIST_DIR: optional(z.string().default(DEFAULT_WEB_DIST_DIR)),
    LOG_LEVEL: optional(z.enum(LOG_LEVELS).default(DEFAULTS.logLevel)),
    // Kept conversations and corrections; `:memory:` keeps them only while the process runs.
    LINNET_DB: optional(z.string().min(1).max(4096).default(DEFAULTS.db)),
    RETENTION_DAYS: integer(1, 36_500, DEFAULTS.retentionDays),
    // Phones give the microphone only to secure pages: serve HTTPS directly when both are set.
    LINNET_TLS_CERT: optional(z.string().refine(existsSync, 'file not found').optional()),
    LINNET_TLS_KEY: optional(z.string().refine(existsSync, 'file not found').optional()),
    // Fair limits, timeouts and origins (docs/reliability.md).
    MAX_SESSIONS_PER_CLIENT: integer(1, 100_000, DEFAULTS.maxSessionsPerClient),
    MAX_SUBSCRIBERS_PER_SESSION: integer(1, 10_000, DEFAULTS.maxSubscribersPerSession),
    MAX_SUBSCRIBERS_PER_CLIENT: integer(1, 1_000_000, DEFAULTS.maxSubscribersPerClient),
    MAX_CONNECTIONS_PER_CLIENT: integer(1, 1_000_000, DEFAULTS.maxConnectionsPerClient),
    MAX_CONNECTIONS: integer(1, 1_000_000, DEFAULTS.maxConnections),
    SESSION_MAX_LIFETIME_S: integer(1, 7 * 86_400, DEFAULTS.sessionMaxLifetimeS),
    HTTP_HEADERS_TIMEOUT_S: integer(1, 600, DEFAULTS.httpHeadersTimeoutS),
    HTTP_REQUEST_TIMEOUT_S: integer(1, 3_600, DEFAULTS.httpRequestTimeoutS),
    HTTP_KEEPALIVE_TIMEOUT_S: integer(1, 600, DEFAULTS.httpKeepAliveTimeoutS),
    TRUST_PROXY: optional(commaList(proxyAddress).default([])),
    ALLOWED_ORIGINS: optional(commaList(webOrigin).default([])),
    // Several instances sharing sessions and event streams (docs/scaling.md); `memory` needs no Redis.
    STORE: optional(z.enum(['memory', 'redis']).default(DEFAULTS.store)),
    REDIS_URL: optional(z.url({ protocol: /^rediss?$/ }).optional()),
  })
  .superRefine((vars, ctx) => {
    if (Boolean(vars.LINNET_TLS_CERT) !== Boolean(vars.LINNET_TLS_KEY)) {
      const missing = vars.LINNET_TLS_CERT ? 'LINNET_TLS_KEY' : 'LINNET_TLS_CERT';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the other of LINNET_TLS_CERT / LINNET_TLS_KEY is set' });
    }
    if (vars.TONE_ENGINE === 'sidecar' && !vars.CF_VOICE_URL) {
      ctx.addIssue({ code: 'custom', path: ['CF_VOICE_URL'], message: 'is required when TONE_ENGINE=sidecar' });
    }
    if (vars.HTTP_HEADERS_TIMEOUT_S > vars.HTTP_REQUEST_TIMEOUT_S) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_S'], message: 'must not exceed HTTP_REQUEST_TIMEOUT_S' });
    }
    if (vars.STORE === 'redis' && !vars.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'is required when STORE=redis' });
    }
    if (vars.TRANSCRIBER === 'whisper' && !vars.WHISPER_URL) {
      ctx.addIssue({ code: 'custom', path: ['WHISPER_URL'], message: 'is required when TRANSCRIBER=whisper' });
    }
  })
  .transform((vars) => ({
    port: vars.LINNET_PORT,
    host: vars.LINNET_HOST ?? (vars.LINNET_TLS_CERT && vars.LINNET_TLS_KEY ? DEFAULTS.tlsHost : DEFAULTS.host),
    sessionIdleTtlS: vars.SESSION_IDLE_TTL_S,
    sseHeartbeatS: vars.SSE_HEARTBEAT_S,
    maxSessions: vars.MAX_SESSIONS,
    sseReplayBuffer: vars.SSE_REPLAY_BUFFER,
    minConfidence: vars.MIN_CONFIDENCE,
    toneEngine: vars.TONE_ENGINE,
    cfVoiceUrl: vars.CF_VOICE_URL,
    sidecarTimeoutMs: vars.SIDECAR_TIMEOUT_MS,
    whisper: { url: vars.WHISPER_URL, api: vars.WHISPER_API, model: vars.WHISPER_MODEL, timeoutMs: vars.WHISPER_TIMEOUT_MS },
    engineWorkers: vars.ENGINE_WORKERS,
    transcriber: vars.TRANSCRIBER,
    maxTranscribers: vars.MAX_TRANSCRIBERS,
    recogniserNice: vars.RECOGNISER_NICE,
    webDistDir: vars.WEB_DIST_DIR,
    logLevel: vars.LOG_LEVEL,
    db: vars.LINNET_DB,
    retentionDays: vars.RETENTION_DAYS,
    tls: vars.LINNET_TLS_CERT && vars.LINNET_TLS_KEY ? { certPath: vars.LINNET_TLS_CERT, keyPath: vars.LINNET_TLS_KEY } : undefined,
    maxSessionsPerClient: vars.MAX_SESSIONS_PER_CLIENT,
    maxSubscribersPerSession: vars.MAX_SUBSCRIBERS_PER_SESSION,
    maxSubscribersPerClient: vars.MAX_SUBSCRIBERS_PER_CLIENT,
    maxConnectionsPerClient: vars.MAX_CONNECTIONS_PER_CLIENT,
    maxConnections: vars.MAX_CONNECTIONS,
    sessionMaxLifetimeS: vars.SESSION_MAX_LIFETIME_S,
    httpHeadersTimeoutS: vars.HTTP_HEADERS_TIMEOUT_S,
    httpRequestTimeoutS: vars.HTTP_REQUEST_TIMEOUT_S,
    httpKeepAliveTimeoutS: vars.HTTP_KEEPALIVE_TIMEOUT_S,
    trustProxy: vars.TRUST_PROXY,
    allowedOrigins: vars.ALLOWED_ORIGINS,
    store: vars.STORE === 'redis' && vars.REDIS_URL ? ({ kind: 'redis', url: vars.REDIS_URL } as const) : ({ kind: 'memory' } as const),
  }));
export type Env = z.infer<typeof EnvSchema>;

/** Parse a set of environment variables; a bad value throws an Error naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
  throw new Error(`Invalid environment: ${problems.join('; ')}`);
}

let cached: Env | undefined;

/** `process.env` parsed once; the server calls this at start-up so a bad value fails fast. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
