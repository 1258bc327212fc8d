import { z } from 'zod/mini';

/** Microphone PCM on the audio WebSocket: 16 kHz, mono, Int16 little-endian. */
export const AUDIO_SAMPLE_RATE = 16_000;
/** The browser sends 100 ms per frame: 1600 samples × 2 bytes. */
export const AUDIO_FRAME_BYTES = 3_200;
/** Frames larger than this are refused (about 2 s of audio). */
export const AUDIO_MAX_FRAME_BYTES = 64 * 1024;
/**
 * 10 ms of audio. A shorter frame may end a stretch of audio (the tail of a recording), but two in a
 * row are refused (4005): at AUDIO_MAX_FRAMES_PER_S they could not carry audio in real time.
 */
export const AUDIO_MIN_FRAME_BYTES = 320;
/**
 * Frames per second one audio socket may send on average: 20× the browser's 10, so a recording
 * paced by acks still streams at 20× real time. A frame longer than 100 ms counts as that many
 * 100 ms frames, so this also caps audio at 20 s per second. Faster senders are not closed but not
 * read either (TCP back-pressure) until they are back under it; AUDIO_FRAME_BURST may come at once.
 */
export const AUDIO_MAX_FRAMES_PER_S = 200;
/** Frames a socket may send back to back before the rate cap applies. */
export const AUDIO_FRAME_BURST = 200;

/** Sent for every accepted binary frame. */
export const AudioAckSchema = z.object({
  ok: z.literal(true),
  bytes: z.number().check(z.int(), z.positive()),
});
export type AudioAck = z.infer<typeof AudioAckSchema>;

/** Close codes of `WS /session/:id/audio` (4xxx is the application range of RFC 6455). */
export const AUDIO_CLOSE_CODES = {
  /** The session ended (by the client, the reaper or shutdown). */
  sessionEnded: 4000,
  /** Binary frame with an odd number of bytes: not whole Int16 samples. */
  oddLength: 4001,
  /** Binary frame with no bytes. */
  emptyFrame: 4002,
  /** Text frame where PCM was expected. */
  textFrame: 4003,
  /** No such session. */
  sessionNotFound: 4004,
  /** A second frame in a row under AUDIO_MIN_FRAME_BYTES: too short to be audio at the rate cap. */
  frameTooShort: 4005,
  /** The client leaves acknowledgements unread, so they pile up on the server. */
  acksNotRead: 4008,
  /** Frame over AUDIO_MAX_FRAME_BYTES. */
  frameTooLarge: 4009,
  /** A newer audio socket for the same session took over; final, do not reconnect. */
  replaced: 4010,
} as const;

/**
 * What the server checks of each audio WebSocket message before it touches the samples; each
 * kind of failure has its own close code (text → 4003, empty → 4002, too large → 4009, odd → 4001).
 */
export const AudioFrameSchema = z.object({
  binary: z.literal(true, 'text frame; send binary Int16 PCM'),
  byteLength: z
    .number()
    .check(
      z.int(),
      z.minimum(1, 'empty frame'),
      z.maximum(AUDIO_MAX_FRAME_BYTES, `frame over ${AUDIO_MAX_FRAME_BYTES} bytes`),
      z.multipleOf(2, 'odd-length frame; send whole Int16 samples'),
    ),
});
export type AudioFrame = z.infer<typeof AudioFrameSchema>;
