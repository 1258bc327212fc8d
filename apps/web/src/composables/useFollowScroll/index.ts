import { nextTick, onScopeDispose, ref, watch, type Ref, type WatchSource } from 'vue';

export interface UseFollowScrollOptions {
  /** The scrolling element whose newest content is at the bottom. */
  target: Ref<HTMLElement | null | undefined>;
  /** Changes when content is added (e.g. the newest item's key); following scrolls to the bottom after each change. */
  source: WatchSource<unknown>;
  /** How close to the bottom, in CSS pixels, still counts as "at the latest" (rounding, sub-pixel zoom). @default 24 */
  slackPx?: number;
}

/**
 * Keeps a scrolling list on its newest item until the reader scrolls up, and stays put while they read back; `jump()`
 * returns them to the latest and resumes following.
 * @see https://developer.mozilla.org/docs/Web/API/Element/scroll_event
 */
export function useFollowScroll({ target, source, slackPx = 24 }: UseFollowScrollOptions) {
  /** True while the list sticks to its newest item. */
  const following = ref(true);
  /** Content arrived while the reader was scrolled up. */
  const hasUnseen = ref(false);

  function atBottom(element: HTMLElement): boolean {
    return element.scrollHeight - element.scrollTop - element.clientHeight <= slackPx;
  }

  function scrollToBottom(): void {
    const element = target.value;
    if (!element) return;
    // Our own write fires `scroll` too, but it lands at the bottom, so onScroll reads it as following: no flag needed
    // (a flag would stick when the write moves nothing and no event fires, and swallow the reader's next scroll).
    element.scrollTop = element.scrollHeight;
  }

  function onScroll(): void {
    const element = target.value;
    if (!element) return;
    following.value = atBottom(element);
    if (following.value) hasUnseen.value = false;
  }

  /** Scrolls to the newest item and follows again. */
  function jump(): void {
    following.value = true;
    hasUnseen.value = false;
    scrollToBottom();
  }

  const stopSource = watch(
    source,
    async () => {
      if (!following.value) {
        hasUnseen.value = true;
        return;
      }
      await nextTick();
      scrollToBottom();
    },
    { flush: 'post' },
  );
  const stopTarget = watch(
    target,
    (element, previous) => {
      previous?.removeEventListener('scroll', onScroll);
      element?.addEventListener('scroll', onScroll, { passive: true });
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    stopSource();
    stopTarget();
    target.value?.removeEventListener('scroll', onScroll);
  });

  return { following, hasUnseen, jump };
}
export type UseFollowScrollReturn = ReturnType<typeof useFollowScroll>;
