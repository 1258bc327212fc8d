import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis-server.js';
import { AudioClaims } from './audio-claims.js';
import { sharedKeys } from './shared-keys.js';

// Pub/sub delivers two instances' claims in whatever order they reach Redis, which need not be the order
// their sockets were accepted in. Claims published by hand here arrive in a chosen order, late ones included.
describe('AudioClaims (real redis-server)', () => {
  let redis: TestRedis;
  let client: Redis;
  let claims: AudioClaims;
  const keys = sharedKeys('claims-test:');
  const toldToLetGo: string[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url, { lazyConnect: true });
    await client.connect();
    claims = new AudioClaims(client, keys);
    claims.onClaimedElsewhere((sessionId) => toldToLetGo.push(sessionId));
    await claims.start();
  });
  afterAll(async () => {
    claims?.close();
    client?.disconnect();
    await redis?.stop();
  });

  /** Publish another instance's claim and wait until a marker published after it was heard. */
  async function otherInstanceClaims(message: string): Promise<void> {
    await client.publish(keys.audioClaims, message);
    const marker = `marker-${toldToLetGo.length}-${Math.random()}`;
    await client.publish(keys.audioClaims, `other ${marker}`);
    await expect.poll(() => toldToLetGo.at(-1)).toBe(marker);
    toldToLetGo.pop();
  }

  it('lets its socket go for a newer claim elsewhere, and keeps it against an older claim delivered late', async () => {
    const before = performance.timeOrigin + performance.now();
    claims.claim('s1');
    // Accepted elsewhere before ours, its claim delivered after ours: ours is the newer socket and stays.
    await otherInstanceClaims(`other s1 ${before}`);
    expect(toldToLetGo).toEqual([]);
    // Accepted elsewhere after ours: ours goes.
    await otherInstanceClaims(`other s1 ${performance.timeOrigin + performance.now() + 1}`);
    expect(toldToLetGo).toEqual(['s1']);
  });

  it('lets go for a claim without a stamp, as every claim did before stamps', async () => {
    claims.claim('s2');
    await otherInstanceClaims('other s2');
    expect(toldToLetGo).toEqual(['s1', 's2']);
  });

  it('weighs nothing for a socket that already closed here', async () => {
    const at = performance.timeOrigin + performance.now();
    claims.claim('s3');
    claims.released('s3');
    await otherInstanceClaims(`other s3 ${at - 1_000}`);
    expect(toldToLetGo).toEqual(['s1', 's2', 's3']);
  });
});
