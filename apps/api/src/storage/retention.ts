import { systemClock, type Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { KeptStore } from './kept-store.js';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  kept: KeptStore;
  /** RETENTION_DAYS: a conversation is deleted this long after it ended. */
  retentionDays: number;
  /** Time between purges. @default one day */
  intervalMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/** Deletes kept conversations older than RETENTION_DAYS: once at start-up, then daily. */
export function createRetention({ kept, retentionDays, intervalMs = DAY_MS, clock = systemClock, logger = silentLogger }: RetentionOptions) {
  let timer: NodeJS.Timeout | null = null;
  const stats = { kept_purged: 0, purge_failures: 0 };

  /** One purge at clock time `now`; returns how many conversations it deleted (0 when storage failed). */
  function purgeOnce(now: number = clock.now()): number {
    try {
      const purged = kept.purgeEndedBefore(now - retentionDays * DAY_MS);
      stats.kept_purged += purged;
      if (purged > 0) logger.info('kept_purged', { count: purged, retention_days: retentionDays });
      return purged;
    } catch (error) {
      stats.purge_failures++;
      const code = (error as { code?: unknown }).code;
      logger.error('purge_failed', { code: typeof code === 'string' ? code : 'unknown' });
      return 0;
    }
  }

  return {
    purgeOnce,
    /** Purge now, then every interval; the timer is unref'd so it never keeps the process alive. */
    start(): void {
      if (timer) return;
      purgeOnce();
      timer = setInterval(() => purgeOnce(), intervalMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    metrics: () => ({ ...stats }),
  };
}
