import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createApp } from './app.js';
import type { SseOptions } from './defaults.js';
import { createAudioIngest } from './audio/audio-ingest.js';
import type { AudioIngestLimits } from './audio/ingest-limits.js';
import { createCaptionsService, type CaptionsService } from './captions/captions-service.js';
import { selectRecogniser } from './captions/select-recogniser.js';
import type { Recogniser } from './captions/transcriber.js';
import { loadEnv, parseEnv, type Env } from './env.js';
import type { SessionEngineFactory } from './engine/tone-engine.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLogger, silentLogger, type Logger } from './lib/logger.js';
import { createOriginPolicy } from './lib/origin-policy.js';
import { endWithJson } from './lib/raw-response.js';
import { createClientAddressResolver, isLoopbackAddress } from './limits/client-address.js';
import { guardServer, httpServerOptions } from './limits/guard-server.js';
import { createReaper } from './sessions/reaper.js';
import { SessionStore } from './sessions/session-store.js';
import { selectEngine, type EngineChoice } from './engine/select-engine.js';
import { sessionIdInPath, storeUnavailable } from './storage/redis/shared-routes.js';
import { SharedSessions } from './storage/redis/shared-sessions.js';
import { loadBetterSqlite3, tryLoadSqlite, type SqliteLoader } from './storage/sqlite-driver.js';
import { createStorage, type Storage } from './storage/storage.js';
import { createEnginePool, type EnginePool } from './workers/engine-pool.js';

export interface StartServerOptions {
  /** Configuration; missing fields take their documented defaults. */
  env?: Partial<Env>;
  /** Builds each session's engine in-process; defaults to the one TONE_ENGINE selects. */
  engineFactory?: SessionEngineFactory;
  /** A module exporting `createEngine` for the worker pool to run instead of the prosody engine (tests). */
  workerEngineModule?: URL;
  /** Event-stream options overriding SSE_HEARTBEAT_S and DEFAULTS (tests shorten them). */
  sse?: Partial<SseOptions>;
  /** The recogniser for captions (null: none) instead of the one TRANSCRIBER selects (tests). */
  recogniser?: Recogniser | null;
  /**
   * False leaves captions out entirely: no recogniser and no `service-event`s, so tests of other
   * features see exactly their own events. @default true
   */
  captions?: boolean;
  /** Per-socket audio bounds instead of AUDIO_INGEST_LIMITS (tests shrink them). */
  audioLimits?: Partial<AudioIngestLimits>;
  clock?: Clock;
  logger?: Logger;
  /** Milliseconds a storage write waits on a lock (tests shorten it). */
  dbBusyTimeoutMs?: number;
  /** Loads better-sqlite3 (tests hand in one that throws). @default a dynamic import */
  loadSqlite?: SqliteLoader;
  /** STORE=redis: milliseconds between presence heartbeats (tests shorten it). @default min(5 s, TTL/3) */
  sharedHeartbeatMs?: number;
}

/** A listening Linnet server. */
export interface RunningServer {
  url: string;
  port: number;
  store: SessionStore;
  audio: ReturnType<typeof createAudioIngest>;
  reaper: ReturnType<typeof createReaper>;
  /** The engine worker pool (TONE_ENGINE=prosody without an `engineFactory`), else null. */
  pool: EnginePool | null;
  captions: CaptionsService;
  /** Kept conversations and corrections (LINNET_DB). */
  /** Null when better-sqlite3 could not load: the server runs with keeping off. */
  storage: Storage | null;
  /** STORE=redis: this instance's link to the shared sessions, else null. */
  shared: SharedSessions | null;
  /** Stop accepting, end every session with reason `shutdown`, close every socket. */
  close(): Promise<void>;
}

/** True when `host` is reachable from this machine only. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

// Sockets still open this long after shutdown began are cut, to stay inside the 5 s budget.
const SHUTDOWN_GRACE_MS = 1_500;
// The process leaves by this time after the first signal even if closing hangs (the budget is 5 s).
const SHUTDOWN_DEADLINE_MS = 4_500;

/** Build and start the whole server: HTTP app, audio WebSocket, reaper. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const env: Env = { ...parseEnv({}), ...options.env };
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  // First, before anything starts: a LINNET_DB that cannot be opened or migrated stops start-up.
  // A caller that names no database (a test) gets one in memory, never the working directory's.
  // better-sqlite3 is optional (no C++ toolchain, no prebuilt binary): without it the server runs
  // and says keeping is off, rather than not starting at all.
  const sqlite = await tryLoadSqlite(options.loadSqlite ?? loadBetterSqlite3);
  if (!sqlite.driver) {
    logger.warn('storage_unavailable', {
      reason: sqlite.reason,
      detail: 'better-sqlite3 did not load: conversations cannot be kept. Install python3, make and g++, then pnpm install again.',
    });
  }
  const storage = sqlite.driver
    ? createStorage({
        path: options.env?.db ?? ':memory:',
        retentionDays: env.retentionDays,
        busyTimeoutMs: options.dbBusyTimeoutMs,
        driver: sqlite.driver,
        clock,
        logger,
      })
    : null;
  // The prosody engine is CPU-bound: it runs in worker threads so that this thread only serves
  // sockets. The sidecar is I/O (HTTP to the classifier) and stays here.
  const pool =
    !options.engineFactory && env.toneEngine === 'prosody'
      ? createEnginePool({ size: env.engineWorkers, engineModule: options.workerEngineModule, logger })
      : null;
  const engineChoice: EngineChoice = options.engineFactory
    ? { factory: options.engineFactory, metrics: () => ({}) }
    : pool
      ? { factory: pool.factory, metrics: () => ({ name: 'prosody', pool: pool.metrics() }) }
      : selectEngine(env, logger);
  // Before anything starts: an explicit TRANSCRIBER that cannot work stops start-up here.
  const withCaptions = options.captions ?? true;
  const recogniser = !withCaptions ? null : options.recogniser !== undefined ? options.recogniser : selectRecogniser(env, logger);
  const captions = createCaptionsService({ recogniser, maxTranscribers: env.maxTranscribers, logger });
  const shared =
    env.store.kind === 'redis'
      ? new SharedSessions({
          url: env.store.url,
          maxSessions: env.maxSessions,
          maxSessionsPerClient: env.maxSessionsPerClient,
          retained: env.sseReplayBuffer,
          idleTtlMs: env.sessionIdleTtlS * 1000,
          lifetimeMs: env.sessionMaxLifetimeS * 1000,
          heartbeatMs: options.sharedHeartbeatMs,
          clock,
          logger,
        })
      : null;
  const store = new SessionStore({
    // With STORE=redis the shared counts are the limits; this instance's view may still hold a
    // session the cluster has ended (its end marker not read yet), which must not refuse a start.
    maxSessions: shared ? Number.MAX_SAFE_INTEGER : env.maxSessions,
    maxSessionsPerClient: shared ? Number.MAX_SAFE_INTEGER : env.maxSessionsPerClient,
    replayCapacity: env.sseReplayBuffer,
    clock,
    keeper: storage?.keeper,
    publishVia: shared ? (sessionId, event) => shared.publish(sessionId, event) : undefined,
  });
  const clientAddress = createClientAddressResolver(env.trustProxy);
  const originPolicy = createOriginPolicy({
    allowedOrigins: env.allowedOrigins,
    tls: Boolean(env.tls),
    viaTrustedProxy: (req) => clientAddress.ofRequest(req).viaTrustedProxy,
  });
  let connectionMetrics = (): Record<string, number> => ({});
  const audio = createAudioIngest({
    store,
    engineFactory: engineChoice.factory,
    minConfidence: env.minConfidence,
    labelOffsets: storage ? () => storage.learning.offsets() : undefined,
    captions: withCaptions ? captions : undefined,
    limits: options.audioLimits,
    clock,
    logger,
    onConnected: shared ? (sessionId) => shared.audioClaims.claim(sessionId) : undefined,
    onDisconnected: shared ? (sessionId) => shared.audioClaims.released(sessionId) : undefined,
  });
  shared?.audioClaims.onClaimedElsewhere((sessionId) => audio.replacedElsewhere(sessionId));
  const forgetIdleShared = shared && setInterval(() => shared.forgetIdle((sessionId) => audio.pipelineOf(sessionId) !== undefined), env.sessionIdleTtlS * 1000);
  forgetIdleShared?.unref();
  const app = createApp({
    store,
    sse: { heartbeatMs: env.sseHeartbeatS * 1000, ...options.sse },
    retryAfterS: Math.max(1, Math.ceil(env.sessionIdleTtlS / 2)),
    webDistDir: env.webDistDir,
    metrics: () => ({
      audio: { ...audio.stats },
      engine: engineChoice.metrics(),
      captions: captions.metrics(),
      storage: storage ? storage.metrics() : { unavailable: true },
      connections: connectionMetrics(),
      ...(shared ? { shared: shared.metrics() } : {}),
    }),
    clientAddress,
    originPolicy,
    subscriberLimits: { perSession: env.maxSubscribersPerSession, perClient: env.maxSubscribersPerClient },
    tls: Boolean(env.tls),
    captions: withCaptions ? captions : undefined,
    logger,
    storage: storage ?? 'unavailable',
    shared: shared ?? undefined,
  });
  store.onEnd((session) => captions.forget(session.id));
  const server = env.tls
    ? createTlsServer({ cert: readFileSync(env.tls.certPath), key: readFileSync(env.tls.keyPath), ...httpServerOptions(env) }, app)
    : createServer(httpServerOptions(env), app);
  connectionMetrics = guardServer(server, { env, clientAddress, tls: Boolean(env.tls) });
  server.on('upgrade', (req, socket, head) => {
    // Another site's page must not stream audio into a session: the same Origin check as the routes.
    if (!originPolicy.allows(req)) {
      endWithJson(socket, 403, originPolicy.refusal(req));
      return;
    }
    const sharedId = shared ? sessionIdInPath(req.url ?? '') : null;
    if (shared && sharedId) {
      // The audio socket may land on any instance: serve its session here first, then upgrade.
      socket.on('error', () => socket.destroy());
      shared.ensureLocal(sharedId).then(
        () => {
          if (!socket.destroyed && !audio.handleUpgrade(req, socket, head)) socket.destroy();
        },
        () => endWithJson(socket, 503, { detail: storeUnavailable().detail, code: 'store_unavailable' }),
      );
      return;
    }
    if (audio.handleUpgrade(req, socket, head)) return;
    // Node hands an upgrade socket over without its error listener; a client that resets the
    // connection would otherwise raise an uncaught ECONNRESET and stop the server.
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  const reaper = createReaper({ store, ttlS: env.sessionIdleTtlS, maxLifetimeS: env.sessionMaxLifetimeS, clock, logger });

  try {
    await shared?.start(store);
    await pool?.start();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.port, env.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    captions.close();
    audio.close();
    await pool?.close();
    await shared?.close();
    storage?.close();
    throw error;
  }
  // With STORE=redis the shared store reaps, across instances; this one's view is not the whole.
  if (!shared) reaper.start();
  storage?.retention.start();
  const { port } = server.address() as AddressInfo;
  const shownHost = env.host === '0.0.0.0' || env.host === '::' ? '127.0.0.1' : env.host;
  logger.info('server_listening', {
    host: env.host,
    port,
    engine: env.toneEngine,
    captions: recogniser ? `${recogniser.name}, up to ${env.maxTranscribers} sessions` : 'off',
  });
  if (!env.tls && !isLoopbackHost(env.host)) {
    // Session ids are the only credential and travel in URLs: in plain HTTP anyone on the network reads them.
    logger.warn('listening_without_tls', {
      host: env.host,
      detail: 'Reachable beyond this machine over plain HTTP: anyone on the network can read session ids. Set LINNET_TLS_CERT and LINNET_TLS_KEY, or LINNET_HOST=127.0.0.1.',
    });
  }

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    reaper.stop();
    if (forgetIdleShared) clearInterval(forgetIdleShared);
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    // Leaving the cluster ends nothing there: streams here close without `session-ended`, and
    // audio sockets are cut before their sessions end here, so clients reconnect to another instance.
    const left = shared?.close();
    if (shared) audio.close();
    // From here `POST /session/start` on a kept-alive connection answers 503 shutting_down.
    store.close();
    const forced = setTimeout(() => {
      audio.close();
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    server.closeIdleConnections();
    await stopped;
    clearTimeout(forced);
    audio.close();
    // Sessions released their recognisers as they ended; this catches any left (SIGTERM stops every child).
    captions.close();
    await pool?.close();
    await left;
    // Every session ended (and was written) in endAll above.
    storage?.close();
    logger.info('server_closed', {});
  }

  return {
    url: `${env.tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    store,
    audio,
    reaper,
    pool,
    captions,
    storage,
    shared,
    close: () => (closing ??= close()),
  };
}

/** Run from the command line: start on LINNET_PORT and shut down cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger({ level: env.logLevel });
  const running = await startServer({ env, logger });
  let shutdownSignal: NodeJS.Signals | null = null;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shutdownSignal) {
      logger.info('shutdown_signal_repeated', { signal, first: shutdownSignal });
      return;
    }
    shutdownSignal = signal;
    logger.info('shutdown_requested', { signal });
    // Whatever happens, leave within the 5 s the contract allows.
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // `on`, not `once`: a signal sent to the whole process group (systemd's KillMode=control-group,
  // pnpm relaying it) arrives twice, and a second one left to Node's default kills the process
  // mid-shutdown, before subscribers are told `session-ended`.
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
