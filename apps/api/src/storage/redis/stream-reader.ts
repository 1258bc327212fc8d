import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/logger.js';
import type { SharedKeys } from './shared-keys.js';

/** One Redis Stream entry as ioredis returns it: `[id, [field, value, ...]]`. */
export type StreamEntry = [id: string, fields: string[]];

export interface StreamReaderOptions {
  /** The instance's command connection; the reader blocks on a duplicate of it. */
  redis: Redis;
  keys: SharedKeys;
  /** Sessions this instance serves now, each with the last event id its channel holds. */
  following: () => Array<{ id: string; lastId: number }>;
  /** Entries read from a session's log, in order. */
  onEntries: (sessionId: string, entries: StreamEntry[]) => void;
  logger: Logger;
}

// A blocked XREAD returns at least this often, so a Redis that vanished silently is noticed.
const BLOCK_MS = 1_000;
// Read in batches: a reader that fell behind catches up without one round trip per event.
const BATCH = 500;
const RETRY_MS = 250;

/**
 * Fan-out across instances: one connection per instance blocks in XREAD on the logs of every
 * session this instance serves and hands new entries to their channels. When the set of sessions
 * changes, CLIENT UNBLOCK wakes it so a new session is followed at once, not after BLOCK_MS.
 */
export class StreamReader {
  private readonly connection: Redis;
  private clientId: number | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failing = false;
  private idle: (() => void) | null = null;

  constructor(private readonly options: StreamReaderOptions) {
    // Blocking commands need their own connection, and no command timeout shorter than the block.
    this.connection = options.redis.duplicate({ commandTimeout: BLOCK_MS * 3, lazyConnect: true });
    this.connection.on('error', () => {});
  }

  /** Connect and start reading. */
  async start(): Promise<void> {
    await this.connection.connect();
    this.running = this.loop();
  }

  /** Read now: the sessions followed have changed. */
  wake(): void {
    this.idle?.();
    if (this.clientId !== null) this.options.redis.client('UNBLOCK', this.clientId).catch(() => {});
  }

  /** Stop reading and close the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle?.();
    this.connection.disconnect();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const following = this.options.following();
      if (following.length === 0) {
        await new Promise<void>((resolve) => {
          this.idle = resolve;
          setTimeout(resolve, BLOCK_MS).unref();
        });
        this.idle = null;
        continue;
      }
      try {
        this.clientId ??= (await this.connection.client('ID')) as number;
        // Each channel's own last id is where to read on from: whatever adoption or a catch-up
        // already delivered is not read twice, and a copy that is (a race) is dropped by `deliver`.
        const keys = following.map(({ id }) => this.options.keys.events(id));
        const from = following.map(({ lastId }) => `${lastId}-0`);
        const reply = (await this.connection.call('XREAD', 'COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...from)) as Array<[string, StreamEntry[]]> | null;
        for (const [key, entries] of reply ?? []) this.options.onEntries(this.options.keys.idOfEvents(key), entries);
        if (this.failing) this.options.logger.info('shared_read_recovered', {});
        this.failing = false;
      } catch (error) {
        if (this.stopped) return;
        // A new connection has a new id; ask again once it is back.
        this.clientId = null;
        if (!this.failing) this.options.logger.warn('shared_read_failed', { error: (error as Error).name });
        this.failing = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  }
}
