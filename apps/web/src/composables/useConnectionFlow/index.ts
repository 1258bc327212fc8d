import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { CONNECTION_TEXT } from '../../lib/text-live';
import { useSessionStore, type SessionStore } from '../../stores/session';

export interface UseConnectionFlowOptions {
  /** @default useSessionStore() */
  store?: SessionStore;
  /** When the stream next tries to reach the server (useToneStream's `nextRetryAt`); null while connected. */
  nextRetryAt: Readonly<Ref<number | null>>;
  /** The microphone is streaming. */
  micActive: Readonly<Ref<boolean>>;
  /** Turns the microphone back on for the running session. */
  restartMic: () => Promise<void>;
  /** Told when the server went out of reach (the conversation record notes it). */
  onServerLost?: () => void;
  /** How long the "back in touch" line stays. @default 8000 */
  backMessageMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** @default globalThis.setTimeout / clearTimeout */
  timers?: { setTimeout: (run: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void };
}

/** A mic that stopped this recently before the server was found unreachable went down with it. */
const MIC_DROP_WINDOW_MS = 15_000;

/**
 * One truthful line while the server is out of reach, and one when it is back. While it is away, the mic's own
 * "turn the mic on again" advice cannot help and is held back; when the session comes back the mic the server cut
 * off is turned on again, so the one message on return is true. A session that did not survive ends in the summary.
 */
export function useConnectionFlow({
  store = useSessionStore(),
  nextRetryAt,
  micActive,
  restartMic,
  onServerLost,
  backMessageMs = 8000,
  now = Date.now,
  timers = { setTimeout: (run, ms) => globalThis.setTimeout(run, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) },
}: UseConnectionFlowOptions) {
  /** The server cannot be reached and the stream is retrying. */
  const unreachable = computed(() => store.sessionId !== null && store.status === 'reconnecting' && nextRetryAt.value !== null);
  /** One line after the server came back, null otherwise. */
  const backMessage = ref<string | null>(null);
  let wasUnreachable = false;
  let micLost = false;
  let micStoppedAt = -Infinity;
  let backTimer: unknown;

  // The mic is only turned back on if it was on when the server went: a sample that dropped must never come back as
  // a live microphone.
  function holdBackMicAdvice(): void {
    if (!store.errorMessage || micActive.value) return;
    if (now() - micStoppedAt < MIC_DROP_WINDOW_MS) micLost = true;
    store.fail(null);
  }

  function say(text: string | null): void {
    timers.clearTimeout(backTimer);
    backMessage.value = text;
    if (text) backTimer = timers.setTimeout(() => (backMessage.value = null), backMessageMs);
  }

  const stops = [
    // Sync, like the store's error watch: the audio socket's close sets the mic's error in the same tick as it stops
    // the mic, and the error watch below must already know when the mic stopped.
    watch(
      micActive,
      (on) => {
        if (!on) micStoppedAt = now();
      },
      { flush: 'sync' },
    ),
    watch(unreachable, (isUnreachable) => {
      if (!isUnreachable) return;
      wasUnreachable = true;
      say(null);
      onServerLost?.();
      holdBackMicAdvice();
    }),
    // The audio socket may drop just after the stream did: its advice is held back too while the server is away.
    watch(
      () => store.errorMessage,
      () => {
        if (unreachable.value) holdBackMicAdvice();
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.status,
      async (status) => {
        if (status !== 'live' || !wasUnreachable) return;
        wasUnreachable = false;
        if (!micLost) return say(CONNECTION_TEXT.back);
        micLost = false;
        await restartMic();
        say(micActive.value ? CONNECTION_TEXT.backMicRestarted : store.errorMessage ? null : CONNECTION_TEXT.backMicOff);
      },
    ),
    // The session is gone (the summary says why): nothing about the connection is true any more.
    watch(
      () => store.sessionId,
      (id) => {
        if (id !== null) return;
        wasUnreachable = false;
        micLost = false;
        say(null);
      },
    ),
  ];
  onScopeDispose(() => {
    stops.forEach((stop) => stop());
    timers.clearTimeout(backTimer);
  });

  return { unreachable, backMessage };
}
