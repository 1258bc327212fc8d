import { z } from 'zod/mini';

/** Machine-readable error codes every Linnet client can switch on. */
export const ErrorCodeSchema = z.enum([
  'invalid_request',
  'invalid_query',
  'invalid_session_id',
  'session_not_found',
  'session_stopped',
  'too_many_sessions',
  'shutting_down',
  'not_found',
  'event_not_found',
  'storage_unavailable',
  'payload_too_large',
  'unsupported_media_type',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** Body of every 4xx/5xx answer: a sentence for people and a code for programs. */
export const ErrorResponseSchema = z.object({
  detail: z.string().check(z.minLength(1)),
  code: ErrorCodeSchema,
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
