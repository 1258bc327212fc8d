import { DeviceKeySchema } from '@linnet/shared';

/** The part of Web Storage the key uses; pass a fake in tests. */
export type DeviceKeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface DeviceKeyOptions {
  /** Where the key is remembered. @default globalThis.localStorage */
  storage?: DeviceKeyStorage | null;
  /** @default globalThis.crypto */
  crypto?: Pick<Crypto, 'getRandomValues'>;
}

const STORAGE_KEY = 'linnet.deviceKey';
const KEY_BYTES = 32;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function defaultStorage(): DeviceKeyStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Reading `localStorage` itself throws in sandboxed frames.
    return null;
  }
}

/**
 * This device's secret key, which makes what it keeps on the server its own: read from storage, or made once
 * with 32 random bytes and remembered. A stored value that is not a key (tampered, truncated) is replaced.
 * Where storage cannot remember it (private modes, sandboxed frames), one key serves the page's lifetime.
 * @see https://w3c.github.io/webcrypto/#Crypto-method-getRandomValues
 */
export function createDeviceKey({ storage = defaultStorage(), crypto = globalThis.crypto }: DeviceKeyOptions = {}): () => string {
  let made: string | null = null;
  return () => {
    let stored: string | null = null;
    try {
      stored = storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      // Storage can throw in private modes; the key made here then lasts as long as the page.
    }
    if (stored !== null && DeviceKeySchema.safeParse(stored).success) return stored;
    made ??= base64url(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
    try {
      storage?.setItem(STORAGE_KEY, made);
    } catch {
      // See above.
    }
    return made;
  };
}

let remembered: (() => string) | null = null;

/** This browser's device key, from localStorage (made on first use). */
export function appDeviceKey(): string {
  remembered ??= createDeviceKey();
  return remembered();
}
