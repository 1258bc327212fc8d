import { AUDIO_TEXT } from './text-session';
import { AudioSocketError, closeProblem, openAudioSocket, type AudioSocket, type AudioSocketOptions } from './audio-socket';

/** Timeout functions, injectable so tests step the backoff instead of waiting. */
export interface ReconnectTimers {
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface ReconnectingAudioSocketOptions extends AudioSocketOptions {
  /** Told when the audio socket dropped and is being reopened, and when it is open again. */
  onReconnect?: (state: 'reconnecting' | 'reconnected') => void;
  /**
   * Wait before each reopening attempt; once they are used up the audio stops with `AUDIO_TEXT.dropped`.
   * About 15 s in all: enough for a load balancer to send the next attempt to another instance.
   * @default [250, 500, 1000, 2000, 4000, 8000]
   */
  reconnectDelaysMs?: readonly number[];
  /** @default globalThis.setTimeout / clearTimeout */
  timers?: ReconnectTimers;
}

/**
 * Close codes after which the same session's audio can go on through another socket: the instance serving it
 * went away (1001 going away, 1006 cut without a close frame, 1011 internal error, 1012 service restart, 1013 try
 * again later). Behind a load balancer the next socket lands on another instance, which continues the session.
 * Every 4xxx code is final: the session ended or is gone, the audio was refused, or another device took over.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1
 */
export const RECONNECTABLE_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1006, 1011, 1012, 1013]);

const DEFAULT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000] as const;

/**
 * Opens the session's audio socket like `openAudioSocket`, and when the server side goes away mid-stream reopens it
 * to the same origin with backoff, so the caller keeps one `AudioSocket` for the whole session. Frames sent while it
 * is reopening are dropped (send returns false): audio is live, late audio is no use. `onClose` is called once, for
 * a final close or when every attempt failed.
 */
export async function openReconnectingAudioSocket(sessionId: string, options: ReconnectingAudioSocketOptions = {}): Promise<AudioSocket> {
  const {
    onClose,
    onReconnect,
    reconnectDelaysMs = DEFAULT_DELAYS_MS,
    timers = { setTimeout: (run, ms) => globalThis.setTimeout(run, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) },
  } = options;
  let current: AudioSocket | undefined;
  let ackedBefore = 0;
  let stopped = false;
  let retry: unknown;

  const socket: AudioSocket = {
    send: (pcm) => current?.send(pcm) ?? false,
    get ackedBytes() {
      return ackedBefore + (current?.ackedBytes ?? 0);
    },
    close() {
      stopped = true;
      timers.clearTimeout(retry);
      current?.close();
      current = undefined;
    },
  };

  function finish(problem: string | null): void {
    if (stopped) return;
    stopped = true;
    onClose?.(problem);
  }

  function open(): Promise<AudioSocket> {
    return openAudioSocket(sessionId, { ...options, onClose: (problem, code) => onDropped(problem, code) });
  }

  function onDropped(problem: string | null, code: number | undefined): void {
    ackedBefore += current?.ackedBytes ?? 0;
    current = undefined;
    if (stopped) return;
    if (problem === null || code === undefined || !RECONNECTABLE_CLOSE_CODES.has(code)) return finish(problem);
    onReconnect?.('reconnecting');
    attempt(0);
  }

  function attempt(index: number): void {
    const delay = reconnectDelaysMs[index];
    if (delay === undefined) return finish(AUDIO_TEXT.dropped);
    retry = timers.setTimeout(() => {
      if (stopped) return;
      open().then(
        (reopened) => {
          if (stopped) return reopened.close();
          current = reopened;
          onReconnect?.('reconnected');
        },
        (cause: unknown) => {
          if (stopped) return;
          // Refused at the handshake (503 while the cluster recovers) or cut again: try the next delay. A final
          // refusal (the session is gone) stops here with its own words.
          const code = cause instanceof AudioSocketError ? cause.code : undefined;
          if (code !== undefined && !RECONNECTABLE_CLOSE_CODES.has(code)) return finish(closeProblem(code));
          attempt(index + 1);
        },
      );
    }, delay);
  }

  current = await open();
  return socket;
}

/** How one start attempt of the mic or the sample ended up with its socket. */
export type AudioSocketAttempt = { socket: AudioSocket } | { superseded: true } | { problem: string };

/**
 * The one way the mic and the sample open their socket: opens it, closes it again if the caller's attempt was
 * superseded meanwhile (stop() or a newer start()), and turns a failure into plain words. The socket reopens
 * by itself when the instance serving it goes away (`openReconnectingAudioSocket`).
 */
export async function openAudioSocketFor(
  sessionId: string,
  isCurrent: () => boolean,
  fallbackProblem: string,
  options: ReconnectingAudioSocketOptions,
): Promise<AudioSocketAttempt> {
  try {
    const socket = await openReconnectingAudioSocket(sessionId, options);
    if (isCurrent()) return { socket };
    socket.close();
    return { superseded: true };
  } catch (cause) {
    if (!isCurrent()) return { superseded: true };
    return { problem: cause instanceof AudioSocketError ? cause.message : fallbackProblem };
  }
}

/** How long "Reconnected" stays. */
export const RECONNECTED_NOTICE_MS = 4_000;

/**
 * The words for `onReconnect`, handed to `show`: "reconnecting…" while the socket reopens, then "Reconnected" for
 * RECONNECTED_NOTICE_MS; `show`'s second argument says whether the socket is down (frames are dropped, nothing is
 * sent). Returns the `onReconnect` handler and a `clear` for when the audio stops.
 */
export function reconnectNotice(show: (text: string | null, down: boolean) => void, timers: ReconnectTimers) {
  let hide: unknown;
  function clear(): void {
    timers.clearTimeout(hide);
    show(null, false);
  }
  function onReconnect(state: 'reconnecting' | 'reconnected'): void {
    timers.clearTimeout(hide);
    show(AUDIO_TEXT[state], state === 'reconnecting');
    if (state === 'reconnected') hide = timers.setTimeout(() => show(null, false), RECONNECTED_NOTICE_MS);
  }
  return { onReconnect, clear };
}
