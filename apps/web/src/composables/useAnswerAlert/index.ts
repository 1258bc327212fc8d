import { onScopeDispose, readonly, ref, watch } from 'vue';
import { useSessionStore, type SessionStore } from '../../stores/session';

export interface UseAnswerAlertOptions {
  /** @default useSessionStore() */
  store?: SessionStore;
  /** @default globalThis.navigator */
  navigator?: { vibrate?: (pattern: number | number[]) => boolean };
  /** Vibration pattern in ms (buzz, pause, buzz). @default [300, 150, 300] */
  pattern?: number[];
}

/**
 * "Alert me when someone answers": when the call moves from ringing, hold music or dead air to speech and the user
 * opted in, vibrate the phone (where supported) and raise a banner, so they can put the phone down while on hold.
 * @see https://www.w3.org/TR/vibration/
 */
export function useAnswerAlert({ store = useSessionStore(), navigator = globalThis.navigator, pattern = [300, 150, 300] }: UseAnswerAlertOptions = {}) {
  const isSupported = typeof navigator?.vibrate === 'function';
  /** True while the full-width "someone answered" banner is shown. */
  const bannerVisible = ref(false);

  const stopWatching = watch(
    () => store.answerCount,
    (count, previous) => {
      if (count <= previous || !store.alertOnAnswer) return;
      bannerVisible.value = true;
      // vibrate() throws in some embedded webviews and returns false without user activation; the banner still shows.
      try {
        if (isSupported) navigator.vibrate!(pattern);
      } catch {
        /* see above */
      }
    },
    { flush: 'sync' },
  );

  // A new or ended session must not keep an old banner up.
  const stopReset = watch(
    () => store.sessionId,
    () => (bannerVisible.value = false),
  );

  /** Hides the banner. */
  function dismiss(): void {
    bannerVisible.value = false;
  }

  onScopeDispose(() => {
    stopWatching();
    stopReset();
  });

  return { isSupported, bannerVisible: readonly(bannerVisible), dismiss };
}
/** What useAnswerAlert returns, for callers that hold it (STYLE: every composable names its return). @public */
export type UseAnswerAlertReturn = ReturnType<typeof useAnswerAlert>;
