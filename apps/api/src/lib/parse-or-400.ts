import type { ErrorCode } from '@linnet/shared';
import { safeParse, type $ZodType, type output } from 'zod/v4/core';
import { describeZodError, HttpError } from './http-error.js';

/**
 * Validate one input from outside with its shared schema: the parsed value, or a thrown
 * `400 {detail, code}` whose detail names what was wrong, e.g. `Invalid history query: limit: ...`.
 * Works with classic and mini zod schemas alike (both are `$ZodType`s).
 */
export function parseOr400<T extends $ZodType>(schema: T, value: unknown, code: ErrorCode, what: string): output<T> {
  const parsed = safeParse(schema, value);
  if (!parsed.success) throw new HttpError(400, code, `Invalid ${what}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
