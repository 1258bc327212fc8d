import { computed, onScopeDispose, readonly, ref } from 'vue';

/** The slice of `navigator` the wake lock needs; tests pass a fake. */
export interface WakeLockNavigator {
  wakeLock?: Pick<WakeLock, 'request'>;
}
/** The slice of `document` the wake lock needs; tests pass a fake. */
export type VisibilityDocument = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

export interface UseWakeLockOptions {
  /** @default globalThis.navigator */
  navigator?: WakeLockNavigator;
  /** @default globalThis.document */
  document?: VisibilityDocument;
}

/**
 * Keeps the screen on while a session runs: acquire on connect, release on disconnect, and re-acquire when the page is
 * visible again, because browsers drop the lock whenever the page is hidden. Unsupported or denied: silently inactive.
 * @see https://www.w3.org/TR/screen-wake-lock/
 */
export function useWakeLock({ navigator = globalThis.navigator, document = globalThis.document }: UseWakeLockOptions = {}) {
  const isSupported = computed(() => typeof navigator?.wakeLock?.request === 'function');
  /** True while the screen lock is held. */
  const active = ref(false);
  let sentinel: WakeLockSentinel | undefined;
  let pending: Promise<void> | undefined;
  /** The caller wants the lock held whenever the page is visible. */
  let wanted = false;

  function request(): Promise<void> {
    if (!isSupported.value || sentinel || document.visibilityState !== 'visible') return Promise.resolve();
    // One request at a time: a visibility change during acquire() must not create a second sentinel.
    pending ??= (async () => {
      try {
        const granted = await navigator.wakeLock!.request('screen');
        if (!wanted) {
          await granted.release();
          return;
        }
        sentinel = granted;
        active.value = true;
        granted.addEventListener('release', () => {
          if (sentinel !== granted) return;
          sentinel = undefined;
          active.value = false;
        });
      } catch {
        // Denied (battery saver, no user activation, permissions policy): the app works without it.
        active.value = false;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  }

  /** Asks for the screen lock and keeps asking for it each time the page becomes visible. */
  function acquire(): Promise<void> {
    wanted = true;
    return request();
  }

  /** Lets the screen sleep again. */
  async function release(): Promise<void> {
    wanted = false;
    const held = sentinel;
    sentinel = undefined;
    active.value = false;
    await held?.release().catch(() => undefined);
  }

  function onVisibilityChange(): void {
    if (wanted && document.visibilityState === 'visible') void request();
  }

  document?.addEventListener('visibilitychange', onVisibilityChange);
  onScopeDispose(() => {
    document?.removeEventListener('visibilitychange', onVisibilityChange);
    void release();
  });

  return { isSupported, active: readonly(active), acquire, release };
}
export type UseWakeLockReturn = ReturnType<typeof useWakeLock>;
