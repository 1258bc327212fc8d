import { randomBytes } from 'node:crypto';
import type { LinnetEvent, SessionEndReason, SessionState, SpeakerBaselineState } from '@linnet/shared';
import { DEFAULTS } from '../defaults.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { AddressCounter } from '../limits/address-counter.js';
import { EventChannel } from '../stream/event-channel.js';

/** One running session and what it holds. */
export interface Session {
  readonly id: string;
  readonly elcor: boolean;
  readonly windowMs: number;
  /** The client asked for captions. */
  readonly transcribe: boolean;
  /** The conversation is written to storage when the session ends (`keep: true` and a keeper). */
  readonly keep: boolean;
  /** The kept conversation this session continues, if it was resumed. */
  readonly resumedFrom: string | null;
  /** SHA-256 of the starting device's key (`X-Linnet-Device`): whose kept conversation this becomes. */
  readonly device: string | null;
  /**
   * The speaker baseline's numbers now: the kept one a resumed session starts from, then (once audio
   * flows) the engine's as it learns. Kept with the conversation when it ends; null before any.
   */
  speakerBaseline: () => SpeakerBaselineState | null;
  /** Set when a kept session ended: whether storage wrote it. */
  keepOutcome?: KeepOutcome;
  /** Address of the client that started it, which MAX_SESSIONS_PER_CLIENT counts against. */
  readonly client: string;
  state: SessionState;
  /** Clock time of creation, the reaper's reference until a first subscriber arrives. */
  readonly createdAt: number;
  /** Wall-clock ISO time of creation, for exports. */
  readonly startedAt: string;
  /** Open stream subscribers. */
  subscribers: number;
  /** Clock time the last subscriber left; null while someone listens or before anyone came. */
  idleSince: number | null;
  /** Clock time the last audio frame arrived; null before any. A streaming microphone is activity. */
  lastAudioAt: number | null;
  readonly channel: EventChannel;
}

export interface SessionStoreOptions {
  /** Running sessions allowed at once. @default DEFAULTS.maxSessions */
  maxSessions?: number;
  /** Running sessions one client address may hold. @default DEFAULTS.maxSessionsPerClient */
  maxSessionsPerClient?: number;
  /** Events each session keeps for replay. @default DEFAULTS.sseReplayBuffer */
  replayCapacity?: number;
  clock?: Clock;
  /** Writes kept conversations when their session ends; without one nothing is kept. */
  keeper?: SessionKeeper;
  /** Where each session's channel sends what it publishes instead of numbering it here (STORE=redis). */
  publishVia?: (sessionId: string, event: LinnetEvent) => void;
}

/** What another instance's session is made from when this one first serves it (STORE=redis). */
export interface SharedSessionRecord {
  id: string;
  elcor: boolean;
  windowMs: number;
  transcribe: boolean;
  startedAt: string;
}

/** What a kept session's end became: written, or lost to a storage failure. */
export type KeepOutcome = 'kept' | 'failed';

/**
 * Records a kept session while it runs and writes it when it ends, before its stream closes, so
 * `session-ended` can tell the user whether it was kept. Must not throw: failures are outcomes.
 */
export interface SessionKeeper {
  begin(session: Session): void;
  finish(session: Session, reason: SessionEndReason): KeepOutcome;
}

/** Listener told after a session ended, to release what it attached (audio sockets, engines). */
export type SessionEndListener = (session: Session, reason: SessionEndReason) => void;

/** Raised by `create` when MAX_SESSIONS are running. */
export class SessionLimitError extends Error {
  constructor(readonly limit: number) {
    super(`The server is running its maximum of ${limit} sessions`);
    this.name = 'SessionLimitError';
  }
}

/** Raised by `create` once shutdown has begun. */
export class SessionStoreClosedError extends Error {
  constructor() {
    super('Linnet is shutting down');
    this.name = 'SessionStoreClosedError';
  }
}

/** Raised by `create` when the client's address already holds MAX_SESSIONS_PER_CLIENT sessions. */
export class ClientSessionLimitError extends Error {
  constructor(readonly limit: number) {
    super(`This address already has ${limit} sessions running`);
    this.name = 'ClientSessionLimitError';
  }
}

/** 16 random bytes in base64url: 128 bits, URL-safe, 22 characters. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** In-memory sessions behind a narrow API; an ended session is gone, so a later lookup is a 404. */
export class SessionStore {
  readonly maxSessions: number;
  private readonly replayCapacity: number;
  private readonly clock: Clock;
  private readonly keeper: SessionKeeper | undefined;
  private readonly sessions = new Map<string, Session>();
  private readonly perClient: AddressCounter;
  private readonly endListeners = new Set<SessionEndListener>();
  private readonly publishVia: SessionStoreOptions['publishVia'];
  /** Sessions served here but started on another instance: not counted against this one's limits. */
  private readonly adopted = new Set<string>();
  private closed = false;

  constructor({
    maxSessions = DEFAULTS.maxSessions,
    maxSessionsPerClient = DEFAULTS.maxSessionsPerClient,
    replayCapacity = DEFAULTS.sseReplayBuffer,
    clock = systemClock,
    keeper,
    publishVia,
  }: SessionStoreOptions = {}) {
    this.keeper = keeper;
    this.publishVia = publishVia;
    this.maxSessions = maxSessions;
    this.perClient = new AddressCounter(maxSessionsPerClient);
    this.replayCapacity = replayCapacity;
    this.clock = clock;
  }

  /** Number of running sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Start a session for `client` (an address); throws SessionLimitError at capacity,
   * ClientSessionLimitError when that address holds its share, SessionStoreClosedError after `close`.
   */
  create({
    elcor,
    windowMs,
    transcribe = true,
    keep = false,
    resumedFrom = null,
    device = null,
    speakerBaseline = null,
    client = 'local',
    id = newSessionId(),
  }: {
    /** An id already registered in the shared store (STORE=redis). @default a new random one */
    id?: string;
    elcor: boolean;
    windowMs: number;
    transcribe?: boolean;
    keep?: boolean;
    resumedFrom?: string | null;
    /** The starting device's key hash, when it sent one. */
    device?: string | null;
    /** The kept speaker baseline a resumed session starts from. */
    speakerBaseline?: SpeakerBaselineState | null;
    client?: string;
  }): Session {
    if (this.closed) throw new SessionStoreClosedError();
    if (this.sessions.size >= this.maxSessions) throw new SessionLimitError(this.maxSessions);
    if (!this.perClient.tryAcquire(client)) throw new ClientSessionLimitError(this.perClient.limit);
    const session: Session = {
      id,
      elcor,
      windowMs,
      transcribe,
      keep: keep && this.keeper !== undefined,
      resumedFrom,
      device,
      speakerBaseline: () => speakerBaseline,
      client,
      state: 'running',
      createdAt: this.clock.now(),
      startedAt: new Date().toISOString(),
      subscribers: 0,
      idleSince: null,
      lastAudioAt: null,
      channel: this.channelFor(id),
    };
    this.sessions.set(id, session);
    if (session.keep) this.keeper!.begin(session);
    return session;
  }

  /**
   * Serve here a session another instance started (STORE=redis): no limits are counted, since the
   * shared store counted it where it started, and nothing is kept here.
   */
  adopt(record: SharedSessionRecord): Session {
    const existing = this.sessions.get(record.id);
    if (existing) return existing;
    const session: Session = {
      ...record,
      keep: false,
      resumedFrom: null,
      device: null,
      speakerBaseline: () => null,
      client: 'shared',
      state: 'running',
      createdAt: this.clock.now(),
      subscribers: 0,
      idleSince: null,
      lastAudioAt: null,
      channel: this.channelFor(record.id),
    };
    this.sessions.set(record.id, session);
    this.adopted.add(record.id);
    return session;
  }

  /**
   * Stop serving an adopted session here without ending it (it runs on elsewhere, and is adopted
   * again on the next request for it). False for a session started here, or unknown.
   */
  forget(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session || !this.adopted.delete(id)) return false;
    this.sessions.delete(id);
    session.channel.disconnectAll();
    return true;
  }

  private channelFor(sessionId: string): EventChannel {
    const publishVia = this.publishVia;
    return new EventChannel({
      sessionId,
      replayCapacity: this.replayCapacity,
      publishVia: publishVia && ((event) => publishVia(sessionId, event)),
    });
  }

  /** The running session with this id, if any. */
  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Every running session. */
  list(): Session[] {
    return [...this.sessions.values()];
  }

  /** End a session: subscribers get `session-ended`, listeners release resources. False if unknown. */
  end(id: string, reason: SessionEndReason): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    if (!this.adopted.delete(id)) this.perClient.release(session.client);
    session.state = 'stopped';
    // Written before the stream closes, so its last message can say whether it was kept.
    if (session.keep) session.keepOutcome = this.keeper!.finish(session, reason);
    session.channel.close(reason, session.keepOutcome);
    for (const listener of this.endListeners) listener(session, reason);
    return true;
  }

  /** End every session with the same reason (shutdown). */
  endAll(reason: SessionEndReason): void {
    for (const id of [...this.sessions.keys()]) this.end(id, reason);
  }

  /** Shutdown: refuse new sessions from now on, then end every running one with `shutdown`. */
  close(): void {
    this.closed = true;
    this.endAll('shutdown');
  }

  /** Be told whenever a session ends; returns the unsubscribe function. */
  onEnd(listener: SessionEndListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Record that a stream subscriber arrived: the session is no longer idle. */
  addSubscriber(session: Session): void {
    session.subscribers += 1;
    session.idleSince = null;
  }

  /**
   * Record that an audio frame arrived: a phone on the dialer (page hidden, stream closed) still streams its mic,
   * and that session is in use.
   */
  noteAudio(session: Session): void {
    session.lastAudioAt = this.clock.now();
  }

  /** Record that a subscriber left; the idle clock starts when the last one has gone. */
  removeSubscriber(session: Session): void {
    session.subscribers = Math.max(0, session.subscribers - 1);
    if (session.subscribers === 0) session.idleSince = this.clock.now();
  }
}
