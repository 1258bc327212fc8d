import { z } from 'zod/mini';

/**
 * The header a device sends its key in on every route that reads or writes what it kept
 * (`/sessions*`, `/corrections*`, `POST /session/resume`, and `POST /session/start` with `keep`).
 */
export const DEVICE_KEY_HEADER = 'X-Linnet-Device';

/** Characters of a device key: 32 random bytes in unpadded base64url. */
export const DEVICE_KEY_CHARS = 43;

/**
 * A device key: a secret the web app makes once with `crypto.getRandomValues` and remembers. The server
 * keeps only its SHA-256, and scopes every kept conversation and correction to it.
 */
export const DeviceKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'must be 43 base64url characters'));
export type DeviceKey = z.infer<typeof DeviceKeySchema>;
