import { createHash } from 'node:crypto';
import { DEVICE_KEY_HEADER, DeviceKeySchema } from '@linnet/shared';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';
import { parseOr400 } from './parse-or-400.js';

/** What the server keeps of a device key: its SHA-256 in hex, never the key itself. */
export type DeviceHash = string;

const HEADER = DEVICE_KEY_HEADER.toLowerCase();

function hashDeviceKey(key: string): DeviceHash {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The hash of the request's device key, or null when it sent none; a malformed key is
 * `400 invalid_device_key` (a repeated header too: Node joins repeats with ", ").
 */
export function optionalDeviceOf(req: IncomingMessage): DeviceHash | null {
  const raw = req.headers[HEADER];
  if (raw === undefined) return null;
  return hashDeviceKey(parseOr400(DeviceKeySchema, raw, 'invalid_device_key', `${DEVICE_KEY_HEADER} header`));
}

/**
 * The hash of the request's device key: routes over kept conversations and corrections answer
 * `401 device_key_required` without one, so nothing kept is ever served to "anyone".
 */
export function deviceOf(req: IncomingMessage): DeviceHash {
  const device = optionalDeviceOf(req);
  if (device === null) {
    throw new HttpError(401, 'device_key_required', `Send this device's key in the ${DEVICE_KEY_HEADER} header`);
  }
  return device;
}
