import {
  LastEventIdSchema,
  ReplayGapSchema,
  SessionEndedSchema,
  SSE_EVENT_NAMES,
  type CaptionsState,
  type LinnetEvent,
  type SessionEndReason,
  type SessionResponse,
  type ToneEvent,
  type TranscriptEvent,
} from '@linnet/shared';
import { onScopeDispose, readonly, ref } from 'vue';
import { createSessionApi, type SessionApi } from '../../lib/session-api';
import { parseStreamEvent } from '../../lib/stream-events';
import type { VisibilityDocument } from '../useWakeLock';

/** Where the stream connection is; `idle` when no session is followed. */
export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

/** What the stream reports to its owner, already parsed; the owner decides what the screen makes of it. */
export type StreamMessage =
  /** `id` is the event's stream id, what a correction refers to; absent when the server sent none. */
  | { kind: 'event'; event: LinnetEvent; id?: number }
  /** An event that broke the contract (malformed, or under another event's name). */
  | { kind: 'rejected' }
  /** The server could not replay everything missed; a `history` message follows with what it retained. */
  | { kind: 'replay-gap' }
  | { kind: 'history'; events: ToneEvent[] }
  /** Captions the server retained (after a replay gap), with the captions' state now. */
  | { kind: 'captions'; captions: TranscriptEvent[]; state?: CaptionsState }
  /** The captions' state as `GET /session/:id` reports it on a reconnect (covers service events no longer retained). */
  | { kind: 'captions-state'; state?: CaptionsState }
  /** The session is over: ended by the server with a reason, or `missing` when a liveness check found it gone. */
  /** `keep` says, on a kept session, whether the conversation was written or could not be kept. */
  | { kind: 'gone'; reason: SessionEndReason | 'missing' | 'unknown'; keep?: 'kept' | 'failed' };

/** Timer functions, injectable so tests step time instead of sleeping. */
export interface StreamTimers {
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface UseToneStreamOptions {
  /** Receives every parsed event and stream happening, in order. */
  onMessage: (message: StreamMessage) => void;
  /** Client for `GET /session/:id`, `/history` and `/captions`. @default createSessionApi({ baseUrl }) */
  api?: Pick<SessionApi, 'get' | 'history' | 'captions'>;
  /** @default globalThis.EventSource */
  EventSource?: typeof EventSource;
  /** @default globalThis.document */
  document?: VisibilityDocument;
  /** Re-acquired when the page comes back and the session is still alive (browsers drop it on hide). */
  wakeLock?: { acquire: () => unknown };
  /** First retry delay, doubled per failed attempt. @default 1000 */
  initialRetryMs?: number;
  /** @default 15000 */
  maxRetryMs?: number;
  /** @default { setTimeout, clearTimeout } of globalThis */
  timers?: StreamTimers;
  /** @default '' (same origin) */
  baseUrl?: string;
  /** Wall clock for `nextRetryAt`. @default Date.now */
  now?: () => number;
}

/**
 * Transport only: follows one session's Server-Sent Events, parses them with the shared contract and hands each to
 * `onMessage`; it holds no UI state and no text. It survives what phones do to pages: closes the stream when the page
 * is hidden (without ending the session), and on return checks the session is alive before resuming from the last
 * event id; a 404 means it timed out meanwhile, a network failure means retry with backoff.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 * @see https://www.w3.org/TR/page-visibility/
 */
export function useToneStream({
  onMessage,
  baseUrl = '',
  api = createSessionApi({ baseUrl }),
  EventSource: EventSourceImpl = globalThis.EventSource,
  document = globalThis.document,
  wakeLock,
  initialRetryMs = 1000,
  maxRetryMs = 15_000,
  timers = { setTimeout: (run, ms) => globalThis.setTimeout(run, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) },
  now = Date.now,
}: UseToneStreamOptions) {
  /** Wall-clock time of the next attempt to reach the server after a failure; null while connected or idle. */
  const nextRetryAt = ref<number | null>(null);
  /** Id of the last event received; the stream resumes after it. */
  const lastEventId = ref<number | null>(null);
  /** Where the connection is. */
  const status = ref<StreamStatus>('idle');
  let sessionId: string | null = null;
  let source: EventSource | undefined;
  let retryTimer: unknown;
  let failedAttempts = 0;
  /** Bumped on every connect/disconnect so an answer to an older resume() is ignored. */
  let generation = 0;

  function streamUrl(id: string): string {
    // A new EventSource cannot set Last-Event-ID, so the resume point travels in the query string. Ids start at 1,
    // so 0 asks for everything retained: events emitted before the first one reached us are not lost either.
    return `${baseUrl}/session/${encodeURIComponent(id)}/stream?lastEventId=${lastEventId.value ?? 0}`;
  }

  function open(id: string): void {
    closeStream();
    const es = new EventSourceImpl(streamUrl(id));
    source = es;
    es.onopen = () => {
      failedAttempts = 0;
      nextRetryAt.value = null;
      status.value = 'live';
    };
    es.onerror = () => {
      // The browser would retry by itself with a stale URL; we take over so the liveness check runs first.
      if (source !== es) return;
      closeStream();
      if (document.visibilityState === 'visible') {
        status.value = 'reconnecting';
        scheduleResume();
      }
    };
    for (const name of Object.values(SSE_EVENT_NAMES)) {
      es.addEventListener(name, (message) => {
        const id = LastEventIdSchema.safeParse(message.lastEventId);
        if (message.lastEventId !== '' && id.success) lastEventId.value = id.data;
        const event = parseStreamEvent(name, String(message.data));
        // The stream id travels with the event: a correction refers to the event by it.
        if (!event) onMessage({ kind: 'rejected' });
        else onMessage(message.lastEventId !== '' && id.success ? { kind: 'event', event, id: id.data } : { kind: 'event', event });
      });
    }
    es.addEventListener('replay-gap', (message) => onReplayGap(String(message.data)));
    es.addEventListener('session-ended', (message) => onSessionEnded(String(message.data)));
  }

  function closeStream(): void {
    source?.close();
    source = undefined;
  }

  function onReplayGap(data: string): void {
    if (!ReplayGapSchema.safeParse(safeJson(data)).success) return;
    onMessage({ kind: 'replay-gap' });
    // The live events resume, but the strip lost its middle: refill it from the server's history.
    const id = sessionId;
    if (!id) return;
    api.history(id).then((h) => sessionId === id && onMessage({ kind: 'history', events: h.events }), () => undefined);
    // Captions and the service line lost in the gap: the server keeps the session's captions apart.
    api.captions(id).then((c) => sessionId === id && onMessage({ kind: 'captions', captions: c.captions, state: c.state }), () => undefined);
  }

  function onSessionEnded(data: string): void {
    const ended = SessionEndedSchema.safeParse(safeJson(data));
    // The server closes the stream right after this event either way.
    disconnect();
    const keep = ended.success ? ended.data.keep : undefined;
    const reason = ended.success ? ended.data.reason : 'unknown';
    onMessage(keep ? { kind: 'gone', reason, keep } : { kind: 'gone', reason });
  }

  function scheduleResume(): void {
    timers.clearTimeout(retryTimer);
    const delay = Math.min(maxRetryMs, initialRetryMs * 2 ** failedAttempts);
    failedAttempts++;
    nextRetryAt.value = now() + delay;
    retryTimer = timers.setTimeout(() => void resume(), delay);
  }

  /** Checks the session is still alive, then reopens the stream from the last event id. */
  async function resume(): Promise<void> {
    const id = sessionId;
    if (!id) return;
    const mine = ++generation;
    closeStream();
    timers.clearTimeout(retryTimer);
    status.value = 'reconnecting';
    let session: SessionResponse | null;
    try {
      session = await api.get(id);
    } catch {
      // Offline or the server is restarting: keep the session and try again later.
      if (mine === generation && document.visibilityState === 'visible') scheduleResume();
      return;
    }
    if (mine !== generation || sessionId !== id) return;
    if (session === null || session.state !== 'running') {
      disconnect();
      onMessage({ kind: 'gone', reason: 'missing' });
      return;
    }
    // Replayed service events (if any) come after this and win; this covers the ones no longer retained.
    onMessage({ kind: 'captions-state', state: session.captions });
    if (document.visibilityState !== 'visible') return;
    open(id);
    void wakeLock?.acquire();
  }

  /** Starts following a session's stream from its first event. */
  function connect(id: string): void {
    disconnect();
    sessionId = id;
    lastEventId.value = null;
    status.value = 'connecting';
    open(id);
  }

  /** Stops following the stream; the session itself is left alone (ending it is the caller's business). */
  function disconnect(): void {
    generation++;
    sessionId = null;
    status.value = 'idle';
    failedAttempts = 0;
    nextRetryAt.value = null;
    timers.clearTimeout(retryTimer);
    closeStream();
  }

  function onVisibilityChange(): void {
    if (!sessionId) return;
    if (document.visibilityState === 'hidden') {
      // Phones suspend hidden pages anyway; closing keeps the server's idle clock honest. No DELETE: the session lives on.
      generation++;
      timers.clearTimeout(retryTimer);
      closeStream();
    } else {
      void resume();
    }
  }

  document?.addEventListener('visibilitychange', onVisibilityChange);
  onScopeDispose(() => {
    document?.removeEventListener('visibilitychange', onVisibilityChange);
    disconnect();
  });

  return { connect, disconnect, resume, status: readonly(status), lastEventId: readonly(lastEventId), nextRetryAt: readonly(nextRetryAt) };
}
export type UseToneStreamReturn = ReturnType<typeof useToneStream>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
