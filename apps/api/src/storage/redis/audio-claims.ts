import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedKeys } from './shared-keys.js';

/**
 * One audio socket per session across instances, the newer winning as on one instance: the
 * instance that accepts a socket publishes a claim, and any other holding an older socket of that
 * session lets it go. Pub/sub is best effort: a claim lost while Redis is away leaves both running
 * until one of them closes.
 */
export class AudioClaims {
  private readonly connection: Redis;
  private readonly instanceId = randomBytes(8).toString('hex');
  private claimedElsewhere: (sessionId: string) => void = () => {};

  constructor(
    private readonly redis: Redis,
    private readonly keys: SharedKeys,
  ) {
    // A subscribed connection takes no other commands; ioredis subscribes it again after a reconnect.
    this.connection = redis.duplicate({ lazyConnect: true, enableOfflineQueue: true });
    this.connection.on('error', () => {});
    this.connection.on('message', (_channel: string, message: string) => {
      const [instance, sessionId] = message.split(' ');
      if (instance !== this.instanceId && sessionId) this.claimedElsewhere(sessionId);
    });
  }

  /** Connect and listen for other instances' claims. */
  async start(): Promise<void> {
    await this.connection.connect();
    await this.connection.subscribe(this.keys.audioClaims);
  }

  /** Be told when another instance took a session's audio. */
  onClaimedElsewhere(listener: (sessionId: string) => void): void {
    this.claimedElsewhere = listener;
  }

  /** A session's audio socket opened here. */
  claim(sessionId: string): void {
    this.redis.publish(this.keys.audioClaims, `${this.instanceId} ${sessionId}`).catch(() => {});
  }

  close(): void {
    this.connection.disconnect();
  }
}
