import { AUDIO_CLOSE_CODES, AudioAckSchema } from '@linnet/shared';
import { AUDIO_TEXT } from './text-session';

/** Where the page is served from; the audio socket goes to the same host. */
export type PageLocation = Pick<Location, 'protocol' | 'host'>;

export interface AudioSocketOptions {
  /** @default globalThis.WebSocket */
  WebSocket?: typeof WebSocket;
  /** @default globalThis.location */
  location?: PageLocation;
  /** Called once when the socket closes after opening; `problem` is null for an ordinary close, `code` the close code. */
  onClose?: (problem: string | null, code?: number) => void;
  /**
   * Frames are dropped (not queued) once this many bytes wait unsent, so a slow link costs audio rather than
   * growing latency without bound. @default 64000 (two seconds of audio)
   */
  maxBufferedBytes?: number;
}

/** An open audio socket: send PCM, count what the API acknowledged, close. */
export interface AudioSocket {
  /** Sends one Int16 PCM frame; false when it was dropped because the link is backed up or closed. */
  send(pcm: ArrayBuffer): boolean;
  /** Bytes the API has acknowledged so far. */
  readonly ackedBytes: number;
  close(): void;
}

/** The audio socket could not be opened; the message is a plain sentence. */
export class AudioSocketError extends Error {
  override name = 'AudioSocketError';

  constructor(
    message: string,
    /** The close code it was refused with. */
    readonly code?: number,
  ) {
    super(message);
  }
}

/** `ws(s)://<host>/session/<id>/audio` for the page's own origin. */
export function audioSocketUrl(sessionId: string, location: PageLocation): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/session/${encodeURIComponent(sessionId)}/audio`;
}

/**
 * Opens `WS /session/:id/audio` and resolves once it is open (rejects if it closes first).
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.4.2 (4xxx application close codes)
 */
export function openAudioSocket(
  sessionId: string,
  { WebSocket: WebSocketImpl = globalThis.WebSocket, location = globalThis.location, onClose, maxBufferedBytes = 64_000 }: AudioSocketOptions = {},
): Promise<AudioSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocketImpl(audioSocketUrl(sessionId, location));
    ws.binaryType = 'arraybuffer';
    let opened = false;
    let closedByUs = false;
    let ackedBytes = 0;
    const socket: AudioSocket = {
      send(pcm) {
        if (ws.readyState !== WebSocketImpl.OPEN || ws.bufferedAmount > maxBufferedBytes) return false;
        ws.send(pcm);
        return true;
      },
      get ackedBytes() {
        return ackedBytes;
      },
      close() {
        closedByUs = true;
        if (ws.readyState === WebSocketImpl.OPEN || ws.readyState === WebSocketImpl.CONNECTING) ws.close(1000, 'client stopped');
      },
    };
    ws.onopen = () => {
      opened = true;
      resolve(socket);
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      try {
        const ack = AudioAckSchema.safeParse(JSON.parse(message.data));
        if (ack.success) ackedBytes += ack.data.bytes;
      } catch {
        // Not JSON: nothing the client needs; the API only ever sends acks.
      }
    };
    ws.onclose = (event) => {
      if (!opened) {
        reject(new AudioSocketError(closeProblem(event.code) ?? AUDIO_TEXT.connectFailed, event.code));
        return;
      }
      onClose?.(closedByUs ? null : closeProblem(event.code), event.code);
    };
  });
}

/** Plain words for why the API closed the audio socket; null when nothing went wrong. */
export function closeProblem(code: number): string | null {
  switch (code) {
    case 1000:
    case AUDIO_CLOSE_CODES.sessionEnded:
      return null;
    case AUDIO_CLOSE_CODES.sessionNotFound:
      return AUDIO_TEXT.sessionGone;
    // Final: another tab or device of this session opened its own audio socket, and the server keeps
    // only the newest. Reconnecting from here would take it back and start a fight; the user decides.
    case AUDIO_CLOSE_CODES.replaced:
      return AUDIO_TEXT.replaced;
    case AUDIO_CLOSE_CODES.oddLength:
    case AUDIO_CLOSE_CODES.emptyFrame:
    case AUDIO_CLOSE_CODES.textFrame:
    case AUDIO_CLOSE_CODES.frameTooLarge:
    case AUDIO_CLOSE_CODES.frameTooShort:
    case AUDIO_CLOSE_CODES.acksNotRead:
      return AUDIO_TEXT.rejected;
    default:
      return AUDIO_TEXT.dropped;
  }
}
