import type { ErrorCode } from '@linnet/shared';
import { z } from 'zod/mini';

// The shared contract is built on zod/mini, which loads no locale (the web bundle needs none);
// the server words its 400s in English, so it loads zod's English messages where they are used.
z.config(z.locales.en());

/** An error that becomes `status {detail, code}` in the JSON error middleware. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

/**
 * One readable sentence from a zod error, naming each offending field, e.g.
 * `elcor: expected boolean, received string; "colour" is not a known field`.
 */
export function describeZodError(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const names = issue.keys.map((key) => `"${key}"`).join(', ');
        return `${names} ${issue.keys.length === 1 ? 'is not a known field' : 'are not known fields'}`;
      }
      const field = issue.path.map(String).join('.');
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
