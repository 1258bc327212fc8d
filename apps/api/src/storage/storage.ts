import { systemClock, type Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { createLearningStore } from '../learning/learning-store.js';
import { createCorrectionsStore } from './corrections-store.js';
import { openDatabase } from './database.js';
import { createKeeper } from './keeper.js';
import { createKeptStore } from './kept-store.js';
import { createRetention } from './retention.js';

export interface StorageOptions {
  /** LINNET_DB, or `:memory:`. */
  path: string;
  /** RETENTION_DAYS. */
  retentionDays: number;
  /** How long a write waits on a lock before the conversation is reported as not kept. */
  busyTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Linnet's local storage: kept conversations, corrections, the keeper that writes sessions as they
 * end and the retention purge. Opening throws a DatabaseOpenError naming LINNET_DB.
 */
export function createStorage({ path, retentionDays, busyTimeoutMs, clock = systemClock, logger = silentLogger }: StorageOptions) {
  const db = openDatabase({ path, busyTimeoutMs });
  const kept = createKeptStore(db);
  const corrections = createCorrectionsStore(db);
  const keeper = createKeeper({ kept, clock, logger });
  const retention = createRetention({ kept, retentionDays, clock, logger });
  const learning = createLearningStore(db, { clock, logger });
  learning.refresh();
  return {
    db,
    kept,
    corrections,
    keeper,
    retention,
    learning,
    metrics: () => ({ ...keeper.metrics(), ...retention.metrics() }),
    /** Stop purging and close the database (after every session has ended and been written). */
    close(): void {
      retention.stop();
      db.close();
    },
  };
}

export type Storage = ReturnType<typeof createStorage>;
