import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedKeys } from './shared-keys.js';

/** Wall-clock time with sub-millisecond precision: claims from several instances are ordered by it. */
const wallTimeMs = (): number => performance.timeOrigin + performance.now();

/**
 * One audio socket per session across instances, the newer winning as on one instance: the
 * instance that accepts a socket publishes a claim stamped with when it accepted it, and any other
 * holding an older socket of that session lets it go. The stamp decides, not the order claims are
 * delivered in: two sockets opened within a Redis round trip of each other could have their claims
 * delivered in either order, and each instance then closed its own, leaving the session no audio.
 * Pub/sub is best effort: a claim lost while Redis is away leaves both running until one of them closes.
 */
export class AudioClaims {
  private readonly connection: Redis;
  private readonly instanceId = randomBytes(8).toString('hex');
  /** When each session's open socket here was accepted, to weigh other instances' claims against. */
  private readonly claimedHere = new Map<string, number>();
  private claimedElsewhere: (sessionId: string) => void = () => {};

  constructor(
    private readonly redis: Redis,
    private readonly keys: SharedKeys,
  ) {
    // A subscribed connection takes no other commands; ioredis subscribes it again after a reconnect.
    this.connection = redis.duplicate({ lazyConnect: true, enableOfflineQueue: true });
    this.connection.on('error', () => {});
    this.connection.on('message', (_channel: string, message: string) => this.heard(message));
  }

  /** Connect and listen for other instances' claims. */
  async start(): Promise<void> {
    await this.connection.connect();
    await this.connection.subscribe(this.keys.audioClaims);
  }

  /** Be told when another instance took a session's audio with a newer socket. */
  onClaimedElsewhere(listener: (sessionId: string) => void): void {
    this.claimedElsewhere = listener;
  }

  /** A session's audio socket opened here. */
  claim(sessionId: string): void {
    const at = wallTimeMs();
    this.claimedHere.set(sessionId, at);
    this.redis.publish(this.keys.audioClaims, `${this.instanceId} ${sessionId} ${at}`).catch(() => {});
  }

  /** A session's audio socket here closed: nothing of it is left to weigh. */
  released(sessionId: string): void {
    this.claimedHere.delete(sessionId);
  }

  close(): void {
    this.connection.disconnect();
  }

  private heard(message: string): void {
    const [instance, sessionId, stamp] = message.split(' ');
    if (!instance || !sessionId || instance === this.instanceId) return;
    const mine = this.claimedHere.get(sessionId);
    // A claim without a stamp (an instance from before stamps) wins, as every claim used to.
    const theirs = stamp === undefined ? Number.POSITIVE_INFINITY : Number(stamp);
    // Ours is the newer: keep it; that instance lets its own go when it hears our claim. Equal stamps
    // are settled by instance id, so both sides agree on one survivor.
    if (mine !== undefined && (mine > theirs || (mine === theirs && this.instanceId > instance))) return;
    this.claimedHere.delete(sessionId);
    this.claimedElsewhere(sessionId);
  }
}
