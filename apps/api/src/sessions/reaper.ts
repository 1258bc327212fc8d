import { systemClock, type Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { silentLogger } from '../lib/logger.js';
import type { SessionStore } from './session-store.js';

export interface ReaperOptions {
  store: SessionStore;
  /** Idle time after which a session is ended, in seconds (SESSION_IDLE_TTL_S). */
  ttlS: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Ends sessions nobody uses: no stream subscriber and no audio frame for more than the TTL (since
 * the last subscriber left, the last frame arrived, or creation, whichever is latest). Sessions with
 * an open subscriber are never reaped; a hidden page whose microphone still streams is not idle.
 */
export function createReaper({ store, ttlS, clock = systemClock, logger = silentLogger }: ReaperOptions) {
  const ttlMs = ttlS * 1000;
  let timer: NodeJS.Timeout | null = null;

  /** One pass over the store at clock time `now`; returns the ids it ended. */
  function reapOnce(now: number = clock.now()): string[] {
    const reaped: string[] = [];
    for (const session of store.list()) {
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
    /** Check every TTL/2; the timer is unref'd so it never keeps the process alive. */
    start(): void {
      if (timer) return;
      timer = setInterval(() => reapOnce(), Math.max(1, ttlMs / 2));
      timer.unref();
    },
    /** Stop checking. */
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

