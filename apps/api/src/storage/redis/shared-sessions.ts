import { type LinnetEvent, type SessionEndReason } from '@linnet/shared';
import { Redis } from 'ioredis';
import { systemClock, type Clock } from '../../lib/clock.js';
import { silentLogger, type Logger } from '../../lib/logger.js';
import { ClientSessionLimitError, newSessionId, SessionLimitError, type Session, type SessionStore } from '../../sessions/session-store.js';
import { sharedKeys } from './shared-keys.js';
import { AudioClaims } from './audio-claims.js';
import { SharedPresence } from './shared-presence.js';
import { APPEND, END, REGISTER } from './shared-scripts.js';
import { StreamReader, type StreamEntry } from './stream-reader.js';

/** Raised when Redis cannot be reached or does not answer in time; requests answer 503 `store_unavailable`. */
export class SharedStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The shared session store (Redis) is unavailable', { cause });
    this.name = 'SharedStoreUnavailableError';
  }
}

export interface SharedSessionsOptions {
  /** REDIS_URL. */
  url: string;
  /** Key prefix, so several deployments (or tests) can share one Redis. @default 'linnet:' */
  prefix?: string;
  /** MAX_SESSIONS, counted across every instance. */
  maxSessions: number;
  /** MAX_SESSIONS_PER_CLIENT, counted across every instance (by the address each instance resolves). */
  maxSessionsPerClient: number;
  /** SSE_REPLAY_BUFFER: events each session's stream keeps (about: trimmed with `MAXLEN ~`). */
  retained: number;
  /** SESSION_IDLE_TTL_S and SESSION_MAX_LIFETIME_S, in milliseconds. */
  idleTtlMs: number;
  lifetimeMs: number;
  /** How often this instance says which sessions it has subscribers for. @default min(5 s, TTL/3) */
  heartbeatMs?: number;
  /** Milliseconds a command may take before the request answers 503. @default 2000 */
  commandTimeoutMs?: number;
  /** Wall clock shared by the instances (idle and lifetime are compared across machines). */
  clock?: Clock;
  logger?: Logger;
}

// Ended streams stay this long so a reader that lags behind still sees the end marker.
const ENDED_RETAIN_S = 120;

/**
 * STORE=redis: the local SessionStore becomes this instance's view of sessions kept in Redis.
 * Records and MAX_SESSIONS live in Redis; every event goes into the session's Redis Stream, which
 * numbers it, and comes back to each instance's channel through one XREAD BLOCK reader, so every
 * instance replays and fans out the same ids in the same order. Reaping and ending are Lua scripts,
 * so exactly one instance ends a session, and the end marker reaches every instance's subscribers.
 */
export class SharedSessions {
  private readonly redis: Redis;
  private readonly keys;
  private readonly reader: StreamReader;
  /** Which instance has a session's newest audio socket. */
  readonly audioClaims: AudioClaims;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly heartbeatMs: number;
  /** Sessions being ended here because the shared log said so: not to be ended there again. */
  private readonly endingFromLog = new Set<string>();
  private store: SessionStore | null = null;
  private timers: NodeJS.Timeout[] = [];
  private presenceLoop: SharedPresence | null = null;
  private leaving = false;
  private publishFailing = false;

  constructor(private readonly options: SharedSessionsOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.keys = sharedKeys(options.prefix ?? 'linnet:');
    this.heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.min(5_000, options.idleTtlMs / 3));
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      // Fail now rather than queue: a request waiting on a dead Redis should answer 503, not hang.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 2_000,
      retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
    });
    this.redis.on('error', () => {}); // reported through failed commands and `redis_*` logs
    this.redis.on('ready', () => this.logger.info('redis_ready', {}));
    this.redis.on('close', () => this.logger.warn('redis_disconnected', {}));
    this.audioClaims = new AudioClaims(this.redis, this.keys);
    this.reader = new StreamReader({
      redis: this.redis,
      keys: this.keys,
      following: () => this.following(),
      onEntries: (id, entries) => this.deliver(id, entries),
      logger: this.logger,
    });
  }

  /** Connect (start-up stops if Redis cannot be reached) and attach to the instance's store. */
  async start(store: SessionStore): Promise<void> {
    this.store = store;
    try {
      await this.redis.connect();
    } catch (error) {
      this.redis.disconnect();
      throw new Error(`REDIS_URL: cannot connect to Redis (${(error as Error).message})`, { cause: error });
    }
    store.onEnd((session, reason) => {
      if (this.endingFromLog.has(session.id) || this.leaving) return;
      void this.endShared(session.id, reason);
    });
    await this.reader.start();
    await this.audioClaims.start();
    this.presenceLoop = new SharedPresence({
      redis: this.redis,
      keys: this.keys,
      store,
      retained: this.options.retained,
      idleTtlMs: this.options.idleTtlMs,
      lifetimeMs: this.options.lifetimeMs,
      endedRetainS: ENDED_RETAIN_S,
      endHere: (id, reason) => this.endHere(id, reason),
      clock: this.clock,
      logger: this.logger,
    });
    this.timers = [
      setInterval(() => void this.presenceLoop?.heartbeat(), this.heartbeatMs),
      setInterval(() => void this.presenceLoop?.reapOnce(), Math.max(200, Math.min(this.options.idleTtlMs / 2, this.options.lifetimeMs / 10))),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** The store's `publishVia`: a session's event goes to its shared log, in the order published. */
  publish(sessionId: string, event: LinnetEvent): void {
    this.redis.eval(APPEND, 3, this.keys.record(sessionId), this.keys.events(sessionId), this.keys.seq(sessionId), this.options.retained, JSON.stringify(event)).then(
      () => (this.publishFailing = false),
      (error: unknown) => {
        // Events published while Redis is away are lost (docs/scaling.md); said once per outage, not per event.
        if (this.publishFailing) return;
        this.publishFailing = true;
        this.logger.warn('shared_publish_failed', { session_id: sessionId, event_type: event.event_type, error: (error as Error).name });
      },
    );
  }

  /**
   * Start a session in the shared store (throws SessionLimitError when MAX_SESSIONS run across
   * the cluster, ClientSessionLimitError when the client's address holds MAX_SESSIONS_PER_CLIENT
   * of them), then here.
   */
  async create(params: Parameters<SessionStore['create']>[0]): Promise<Session> {
    const store = this.requireStore();
    const id = newSessionId();
    const startedAt = new Date(this.clock.now()).toISOString();
    const client = params.client ?? 'local';
    const started = await this.command(() =>
      this.redis.eval(
        REGISTER,
        3,
        this.keys.sessions,
        this.keys.record(id),
        this.keys.clientSessions(client),
        this.options.maxSessions,
        id,
        this.clock.now(),
        params.elcor ? 1 : 0,
        params.windowMs,
        params.transcribe === false ? 0 : 1,
        startedAt,
        this.options.maxSessionsPerClient,
        client,
        this.keys.prefix,
        Math.ceil(this.options.lifetimeMs / 1000),
      ),
    );
    if (started === -1) throw new ClientSessionLimitError(this.options.maxSessionsPerClient);
    if (started !== 1) throw new SessionLimitError(this.options.maxSessions);
    try {
      const session = store.create({ ...params, id });
      this.reader.wake();
      return session;
    } catch (error) {
      void this.endShared(id, 'ended');
      throw error;
    }
  }

  /**
   * Make sure this instance serves session `id` up to the newest event in Redis: adopt it (with
   * its retained events) if another instance started it, else catch its channel up. Undefined
   * when no such session runs anywhere.
   */
  async ensureLocal(id: string): Promise<Session | undefined> {
    const store = this.requireStore();
    const local = store.get(id);
    if (local) {
      try {
        this.deliver(id, await this.redis.xrange(this.keys.events(id), `(${local.channel.lastEventId}-0`, '+'));
      } catch {
        // Redis away: a session served here is still served, with what this instance has (an
        // EventSource refused with 503 would not reconnect by itself).
      }
      return store.get(id);
    }
    const [record, entries] = await this.command(async () => {
      const replies = await this.redis.multi().hgetall(this.keys.record(id)).xrange(this.keys.events(id), '-', '+').exec();
      if (!replies) throw new Error('transaction aborted');
      for (const [error] of replies) if (error) throw error;
      return [replies[0]![1] as Record<string, string>, replies[1]![1] as StreamEntry[]] as const;
    });
    if (!record.startedAt) return undefined;
    const session = store.get(id) ?? store.adopt({ id, elcor: record.elcor === '1', windowMs: Number(record.windowMs), transcribe: record.transcribe === '1', startedAt: record.startedAt });
    this.deliver(id, entries);
    this.reader.wake();
    return store.get(id) ? session : undefined;
  }

  /**
   * End a session for every instance; false when it had already ended (another instance won).
   * Throws SharedStoreUnavailableError when Redis cannot be reached.
   */
  async end(id: string, reason: SessionEndReason): Promise<boolean> {
    const ended = await this.command(() => this.redis.eval(END, 4, this.keys.sessions, this.keys.record(id), this.keys.events(id), this.keys.seq(id), id, reason, ENDED_RETAIN_S, this.options.retained, '', '', '', this.keys.prefix));
    return ended !== null;
  }

  /** `end` for a session that already ended here: a failure is logged, and the reaper ends it there later. */
  private async endShared(id: string, reason: SessionEndReason): Promise<void> {
    try {
      await this.end(id, reason);
    } catch (error) {
      this.logger.warn('shared_end_failed', { session_id: id, error: (error as Error).name });
    }
  }

  /**
   * Let go of sessions another instance started that nobody here has listened to for the idle TTL
   * and whose audio is not here (`inUse`), so an instance does not follow every session it ever
   * served. Returns how many it let go.
   */
  forgetIdle(inUse: (sessionId: string) => boolean, now: number = this.clock.now()): number {
    let forgotten = 0;
    for (const session of this.requireStore().list()) {
      if (session.subscribers > 0 || inUse(session.id)) continue;
      if (now - (session.idleSince ?? session.createdAt) <= this.options.idleTtlMs) continue;
      if (this.requireStore().forget(session.id)) forgotten += 1;
    }
    return forgotten;
  }

  /** For `/metrics`: whether Redis is connected, and how many sessions this instance follows. */
  metrics(): { redis: string; sessions_followed: number } {
    return { redis: this.redis.status, sessions_followed: this.store?.size ?? 0 };
  }

  /** Presence heartbeats and reaping (tests drive them by hand with a manual clock). */
  get presence(): SharedPresence {
    if (!this.presenceLoop) throw new Error('SharedSessions.start() has not run');
    return this.presenceLoop;
  }

  /**
   * Leave the cluster (shutdown): streams here close without `session-ended`, since the sessions
   * go on elsewhere and EventSource reconnects to another instance; nothing is ended in Redis.
   */
  async close(): Promise<void> {
    this.leaving = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const session of this.store?.list() ?? []) session.channel.disconnectAll();
    await this.reader.stop();
    this.audioClaims.close();
    this.redis.disconnect();
  }

  private following(): Array<{ id: string; lastId: number }> {
    return (this.store?.list() ?? []).map((session) => ({ id: session.id, lastId: session.channel.lastEventId }));
  }

  /** Hand log entries to the local channel; an end marker ends the session here too. */
  private deliver(id: string, entries: StreamEntry[]): void {
    const session = this.store?.get(id);
    if (!session) return;
    for (const [entryId, fields] of entries) {
      const n = Number.parseInt(entryId, 10);
      if (fields[0] === 'e') {
        session.channel.deliver(n, JSON.parse(fields[1]!) as LinnetEvent);
        continue;
      }
      this.endHere(id, fields[1] as SessionEndReason);
      return;
    }
  }

  /** End a session here only: Redis already has it ended (or no longer has it). */
  endHere(id: string, reason: SessionEndReason): void {
    this.endingFromLog.add(id);
    try {
      this.store?.end(id, reason);
    } finally {
      this.endingFromLog.delete(id);
    }
  }

  private requireStore(): SessionStore {
    if (!this.store) throw new Error('SharedSessions.start() has not run');
    return this.store;
  }

  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new SharedStoreUnavailableError(error);
    }
  }
}
