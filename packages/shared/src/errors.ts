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
  // STORE=redis and Redis cannot be reached (docs/scaling.md).
  'store_unavailable',
  'payload_too_large',
  'unsupported_media_type',
  'internal_error',
  // Fair limits and who may do what (docs/reliability.md, "Limits, timeouts and origins").
  'client_session_limit',
  'client_subscriber_limit',
  'client_connection_limit',
  'session_subscriber_limit',
  'too_many_connections',
  'origin_not_allowed',
  'request_timeout',
  'headers_too_large',
  // Kept conversations and corrections belong to the device that made them (docs/api.md, "Devices").
  'device_key_required',
  'invalid_device_key',
  // LINNET_DB cannot be used on this server (better-sqlite3 did not load): nothing can be kept.
  'keeping_unavailable',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** Body of every 4xx/5xx answer: a sentence for people and a code for programs. */
export const ErrorResponseSchema = z.object({
  detail: z.string().check(z.minLength(1)),
  code: ErrorCodeSchema,
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
