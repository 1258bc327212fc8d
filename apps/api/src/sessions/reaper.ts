import { DEFAULTS } from '../defaults.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import type { SessionStore } from './session-store.js';

export interface ReaperOptions {
  store: SessionStore;
  /** Idle time after which a session is ended, in seconds (SESSION_IDLE_TTL_S). */
  ttlS: number;
  /** Age at which any session is ended with reason `lifetime`, listened to or not (SESSION_MAX_LIFETIME_S). */
  maxLifetimeS?: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Ends sessions nobody uses: no stream subscriber and no audio frame for more than the TTL (since
 * the last subscriber left, the last frame arrived, or creation, whichever is latest; a client that
 * died between start and connect is reaped from its creation). A hidden page whose microphone still
 * streams is not idle. Sessions with an open subscriber are not reaped for idleness, but every session
 * ends at its maximum lifetime, so a subscriber that never reads cannot hold one for ever.
 */
export function createReaper({ store, ttlS, maxLifetimeS = DEFAULTS.sessionMaxLifetimeS, clock = systemClock, logger = silentLogger }: ReaperOptions) {
  const ttlMs = ttlS * 1000;
  const lifetimeMs = maxLifetimeS * 1000;
  let timer: NodeJS.Timeout | null = null;

  /** One pass over the store at clock time `now`; returns the ids it ended. */
  function reapOnce(now: number = clock.now()): string[] {
    const reaped: string[] = [];
    for (const session of store.list()) {
      if (now - session.createdAt >= lifetimeMs) {
        store.end(session.id, 'lifetime');
        reaped.push(session.id);
        logger.info('session_expired', { session_id: session.id, age_ms: now - session.createdAt });
        continue;
      }
      if (session.subscribers > 0) continue;
      const idleFrom = Math.max(session.idleSince ?? session.createdAt, session.lastAudioAt ?? 0);
      if (now - idleFrom > ttlMs) {
        store.end(session.id, 'reaped');
        reaped.push(session.id);
        logger.info('session_reaped', { session_id: session.id, idle_ms: now - idleFrom });
      }
    }
    return reaped;
  }

  return {
    reapOnce,
    /** Check every TTL/2 (or lifetime/10, if shorter); the timer is unref'd so it never keeps the process alive. */
    start(): void {
      if (timer) return;
      timer = setInterval(() => reapOnce(), Math.max(1, Math.min(ttlMs / 2, lifetimeMs / 10)));
      timer.unref();
    },
    /** Stop checking. */
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

