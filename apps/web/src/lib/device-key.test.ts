import { DeviceKeySchema } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import { json, scriptedFetch } from '../test/fakes';
import { createDeviceKey } from './device-key';
import { createKeptApi } from './kept-api';
import { createSessionApi } from './session-api';

/** A Map-backed storage; `broken` makes every call throw, as private modes do. */
function fakeStorage(initial: Record<string, string> = {}, broken = false) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => {
      if (broken) throw new DOMException('denied', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem: (key: string, value: string) => {
      if (broken) throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

/** getRandomValues filling with a counter, so each key made is different and predictable. */
function countingCrypto() {
  let next = 0;
  return {
    made: () => next,
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).fill(next++);
      return array;
    },
  };
}

describe('createDeviceKey', () => {
  it('makes a 43-character base64url key from 32 random bytes once, remembers it, and returns it ever after', () => {
    const storage = fakeStorage();
    const crypto = countingCrypto();
    const key = createDeviceKey({ storage, crypto })();
    expect(key).toBe('A'.repeat(43));
    expect(DeviceKeySchema.safeParse(key).success).toBe(true);
    expect(storage.items.get('linnet.deviceKey')).toBe(key);
    // A later visit (a new page, the same storage) reads the same key and draws no new randomness.
    expect(createDeviceKey({ storage, crypto })()).toBe(key);
    expect(crypto.made()).toBe(1);
  });

  it('replaces a stored value that is not a key', () => {
    const storage = fakeStorage({ 'linnet.deviceKey': 'not-a-key' });
    const key = createDeviceKey({ storage, crypto: countingCrypto() })();
    expect(DeviceKeySchema.safeParse(key).success).toBe(true);
    expect(storage.items.get('linnet.deviceKey')).toBe(key);
  });

  it('keeps one key for the page where storage throws', () => {
    const crypto = countingCrypto();
    const deviceKey = createDeviceKey({ storage: fakeStorage({}, true), crypto });
    expect(deviceKey()).toBe(deviceKey());
    expect(crypto.made()).toBe(1);
  });
});

describe('the X-Linnet-Device header', () => {
  const KEY = 'k'.repeat(43);

  it('goes with every kept-conversation and correction request', async () => {
    const page = { count: 0, sessions: [], next_before: null };
    const { fetch, calls, deviceKeys } = scriptedFetch(json(200, page), json(200, { deleted: 0 }), json(201, { correction_id: 1, total: 1 }));
    const kept = createKeptApi({ fetch, deviceKey: () => KEY });
    await kept.list();
    await kept.removeAll();
    await kept.correct({ session_id: 'Zk3_-aQ9vX0pLmN2bC4dEw', event_id: 1, rating: 'up', share: false });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual(['GET /sessions?limit=20', 'DELETE /sessions', 'POST /corrections']);
    expect(deviceKeys).toEqual([KEY, KEY, KEY]);
  });

  it('goes with start and resume, so a kept session belongs to this device', async () => {
    const running = { session_id: 'Zk3_-aQ9vX0pLmN2bC4dEw', state: 'running', elcor: false, keep: true };
    const { fetch, deviceKeys } = scriptedFetch(json(200, running), json(200, { ...running, resumed_from: 'Ab3_-aQ9vX0pLmN2bC4dEw' }));
    const sessions = createSessionApi({ fetch, deviceKey: () => KEY });
    await sessions.start(false, 1000, true);
    await sessions.resume('Ab3_-aQ9vX0pLmN2bC4dEw');
    expect(deviceKeys).toEqual([KEY, KEY]);
  });

  it('is the key remembered in localStorage when none is injected', async () => {
    localStorage.removeItem('linnet.deviceKey');
    const { fetch, deviceKeys } = scriptedFetch(json(200, { count: 0, sessions: [], next_before: null }), json(200, { count: 0, sessions: [], next_before: null }));
    const kept = createKeptApi({ fetch });
    await kept.list();
    await kept.list();
    const remembered = localStorage.getItem('linnet.deviceKey');
    expect(DeviceKeySchema.safeParse(remembered).success).toBe(true);
    expect(deviceKeys).toEqual([remembered, remembered]);
  });
});
