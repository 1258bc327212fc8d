import type { ErrorResponse } from '@linnet/shared';
import { z } from 'zod';
import { describeZodError } from '../lib/http-error.js';

/** Most frames one coarse acknowledgement may cover (60 s of 100 ms frames). */
const AUDIO_MAX_ACK_EVERY = 600;

/**
 * Query of `WS /session/:id/audio`. `ackEvery=N` asks for one `{"ok":true,"bytes":B}` per N
 * accepted frames (B = their bytes together) instead of one per frame: each acknowledgement is a
 * syscall, 6-8 % of the server's CPU under load. Unknown parameters are ignored.
 */
const AudioQuerySchema = z.object({
  ackEvery: z.preprocess(
    (value) => (value === '' || value === null ? undefined : value),
    z.coerce.number().int().min(1).max(AUDIO_MAX_ACK_EVERY).default(1),
  ),
});
export type AudioQuery = z.infer<typeof AudioQuerySchema>;

/** The query of an upgrade's request target, or the 400 body that refuses it. */
export function parseAudioQuery(search: string): { query: AudioQuery } | { refusal: ErrorResponse } {
  const params = new URLSearchParams(search);
  const parsed = AudioQuerySchema.safeParse({ ackEvery: params.get('ackEvery') });
  if (parsed.success) return { query: parsed.data };
  return { refusal: { code: 'invalid_query', detail: `Invalid audio query: ${describeZodError(parsed.error)}` } };
}
