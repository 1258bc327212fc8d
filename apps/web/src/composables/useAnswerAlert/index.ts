import { computed, onScopeDispose, ref, watch } from 'vue';
import { useSessionStore, type SessionStore } from '../../stores/session';
import { useSettings, type Settings } from '../useSettings';

export interface UseAnswerAlertOptions {
  /** @default useSessionStore() */
  store?: SessionStore;
  /** @default useSettings() */
  settings?: Pick<Settings, 'alertOnAnswer'>;
  /** @default globalThis.navigator */
  navigator?: { vibrate?: (pattern: number | number[]) => boolean };
  /** Vibration pattern in ms (buzz, pause, buzz). @default [300, 150, 300] */
  pattern?: number[];
}

/**
 * "Alert me when someone answers": when the store counts an answer (the first, or one after a real hold) and the user
 * opted in, vibrate the phone (where supported) and show the banner while the answer is current: it stands down by
 * itself when the voice stops or the hold resumes, and a dismissed answer stays dismissed.
 * @see https://www.w3.org/TR/vibration/
 */
export function useAnswerAlert({
  store = useSessionStore(),
  settings = useSettings(),
  navigator = globalThis.navigator,
  pattern = [300, 150, 300],
}: UseAnswerAlertOptions = {}) {
  const isSupported = typeof navigator?.vibrate === 'function';
  /** The answer (by count) the user dismissed. */
  const dismissedAnswer = ref(0);
  /** True while the full-width "someone answered" banner is shown. */
  const bannerVisible = computed(
    () => settings.alertOnAnswer.value && store.answerActive && store.answerCount > 0 && dismissedAnswer.value !== store.answerCount,
  );

  const stopWatching = watch(
    () => store.answerCount,
    (count, previous) => {
      if (count <= previous) {
        dismissedAnswer.value = 0;
        return;
      }
      if (!settings.alertOnAnswer.value) return;
      // vibrate() throws in some embedded webviews and returns false without user activation; the banner still shows.
      try {
        if (isSupported) navigator.vibrate!(pattern);
      } catch {
        /* see above */
      }
    },
    { flush: 'sync' },
  );

  /** Hides the banner for this answer. */
  function dismiss(): void {
    dismissedAnswer.value = store.answerCount;
  }

  onScopeDispose(stopWatching);

  return { isSupported, bannerVisible, dismiss };
}
/** What useAnswerAlert returns, for callers that hold it (STYLE: every composable names its return). @public */
export type UseAnswerAlertReturn = ReturnType<typeof useAnswerAlert>;
