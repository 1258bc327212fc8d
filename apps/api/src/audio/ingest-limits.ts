import { AUDIO_FRAME_BURST, AUDIO_MAX_FRAMES_PER_S } from '@linnet/shared';

/** What one audio socket may cost the server. */
export interface AudioIngestLimits {
  /** Frames per second on average before the socket goes unread for a while. */
  framesPerS: number;
  /** Frames that may come back to back. */
  frameBurst: number;
  /**
   * Bytes of acknowledgements that may wait in this process for a client that does not read them
   * (beyond what the kernel's socket buffers hold); past it the socket is closed with 4008.
   */
  maxAckBacklogBytes: number;
}

/**
 * The ingest bounds (docs/api.md, "Audio"). 64 KiB of unread acks is about 2 500 of them: several
 * minutes of a live microphone that stopped reading, on top of the kernel's own buffers.
 */
export const AUDIO_INGEST_LIMITS: AudioIngestLimits = {
  framesPerS: AUDIO_MAX_FRAMES_PER_S,
  frameBurst: AUDIO_FRAME_BURST,
  maxAckBacklogBytes: 64 * 1024,
};

/** Counters of what the ingest refused or slowed, for `/metrics`. */
export interface IngestStats {
  framesAccepted: number;
  /** Times a socket was left unread for going over the frame rate. */
  throttled: number;
  /** Sockets closed by a newer socket of the same session (4010). */
  socketsReplaced: number;
  /** Sockets closed for a run of short frames (4005). */
  closedShortFrames: number;
  /** Sockets closed for leaving their acks unread (4008). */
  closedAcksNotRead: number;
}

/** Fresh ingest counters. */
export function createIngestStats(): IngestStats {
  return { framesAccepted: 0, throttled: 0, socketsReplaced: 0, closedShortFrames: 0, closedAcksNotRead: 0 };
}
