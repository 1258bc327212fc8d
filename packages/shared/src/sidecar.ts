import { z } from 'zod/mini';

/**
 * `POST {CF_VOICE_URL}/classify` body: one analysis window sent to an external classifier
 * (Linnet's cf-voice contract).
 */
export const SidecarClassifyRequestSchema = z.object({
  /** The window as base64 of 16 kHz mono Int16 little-endian PCM. */
  audio_chunk: z.base64(),
  /** Seconds of session audio at which the window starts. */
  timestamp: z.number().check(z.minimum(0)),
  elcor: z.boolean(),
  session_id: z.string().check(z.minLength(1)),
});
export type SidecarClassifyRequest = z.infer<typeof SidecarClassifyRequestSchema>;

/** Labels of non-transcript events share the event schemas' bound; transcripts carry text in `label`. */
const SIDECAR_LABEL_MAX = 64;
const SIDECAR_TRANSCRIPT_MAX = 2_000;

/** One event as a classifier reports it, before Linnet annotates it. */
export const SidecarEventSchema = z
  .object({
    event_type: z.enum(['tone', 'speaker', 'transcript', 'queue', 'environ']),
    label: z.string().check(z.minLength(1), z.maxLength(SIDECAR_TRANSCRIPT_MAX)),
    confidence: z.number().check(z.minimum(0), z.maximum(1)),
    speaker_id: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    shift_magnitude: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
    /** Seconds of session audio. */
    timestamp: z.number().check(z.minimum(0)),
  })
  .check(
    z.refine((event) => event.event_type === 'transcript' || event.label.length <= SIDECAR_LABEL_MAX, {
      message: `label must be at most ${SIDECAR_LABEL_MAX} characters`,
      path: ['label'],
    }),
  );
export type SidecarEvent = z.infer<typeof SidecarEventSchema>;

/** The classifier's answer; unknown extra fields are ignored so it may grow. */
export const SidecarClassifyResponseSchema = z.object({
  events: z.array(SidecarEventSchema).check(z.maxLength(100)),
});
export type SidecarClassifyResponse = z.infer<typeof SidecarClassifyResponseSchema>;
