import type { SessionEndReason } from '@linnet/shared';
import type { Redis } from 'ioredis';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { SessionStore } from '../../sessions/session-store.js';
import type { SharedKeys } from './shared-keys.js';
import { LISTENED, REAP } from './shared-scripts.js';

export interface SharedPresenceOptions {
  redis: Redis;
  keys: SharedKeys;
  /** This instance's view: which sessions it serves and who listens to them here. */
  store: SessionStore;
  retained: number;
  idleTtlMs: number;
  lifetimeMs: number;
  endedRetainS: number;
  /** End a session on this instance only (Redis has already ended it, or lost it). */
  endHere: (sessionId: string, reason: SessionEndReason) => void;
  clock: Clock;
  logger: Logger;
}

/**
 * Who listens where, and reaping across instances. Each instance beats for the sessions it has
 * subscribers for; every instance reaps, and the REAP script's claim makes exactly one end each.
 */
export class SharedPresence {
  private lastBeat = 0;
  /** Sessions served here whose record was missing at the last heartbeat. */
  private readonly missing = new Set<string>();

  constructor(private readonly options: SharedPresenceOptions) {}

  /**
   * For every session with a subscriber here (or whose last one left since the last beat), tell
   * Redis someone listened then. A dead instance stops saying so, and its sessions go idle from
   * its last beat: reaped within SESSION_IDLE_TTL_S plus one heartbeat.
   */
  async heartbeat(now: number = this.options.clock.now()): Promise<void> {
    const { redis, keys, store, logger } = this.options;
    const since = this.lastBeat;
    const sessions = store.list();
    if (sessions.length === 0) {
      this.lastBeat = now;
      return;
    }
    const pipeline = redis.pipeline();
    for (const session of sessions) {
      const at = session.subscribers > 0 ? now : session.idleSince !== null && session.idleSince >= since ? session.idleSince : 0;
      pipeline.eval(LISTENED, 1, keys.record(session.id), at);
    }
    let replies: Array<[Error | null, unknown]> | null;
    try {
      replies = await pipeline.exec();
    } catch (error) {
      logger.warn('shared_heartbeat_failed', { error: (error as Error).name });
      return;
    }
    this.lastBeat = now;
    // A session whose record is gone twice running (a Redis restarted empty, its end marker lost
    // with it) has ended for the cluster: end it here too rather than serve it for ever.
    sessions.forEach((session, index) => {
      const [error, exists] = replies?.[index] ?? [null, 1];
      if (error || exists === 1) {
        this.missing.delete(session.id);
      } else if (!this.missing.delete(session.id)) {
        this.missing.add(session.id);
      } else {
        this.options.endHere(session.id, 'reaped');
      }
    });
  }

  /** One reaping pass over every running session of the cluster; returns the ids this instance ended. */
  async reapOnce(now: number = this.options.clock.now()): Promise<string[]> {
    const { redis, keys, logger } = this.options;
    const reaped: string[] = [];
    try {
      for (const id of await redis.zrange(keys.sessions, 0, -1)) {
        const { retained, idleTtlMs, lifetimeMs, endedRetainS } = this.options;
        const reason = await redis.eval(REAP, 4, keys.sessions, keys.record(id), keys.events(id), keys.seq(id), id, '', endedRetainS, retained, now, idleTtlMs, lifetimeMs, keys.prefix);
        if (reason === null) continue;
        reaped.push(id);
        logger.info(reason === 'lifetime' ? 'session_expired' : 'session_reaped', { session_id: id });
      }
    } catch (error) {
      logger.warn('shared_reap_failed', { error: (error as Error).name });
    }
    return reaped;
  }
}
