import { nextTick, onScopeDispose, ref, watch, type Ref, type WatchSource } from 'vue';

export interface UseFollowScrollOptions {
  /** The scrolling element whose newest content is at the bottom. */
  target: Ref<HTMLElement | null | undefined>;
  /** Changes when content is added (e.g. the newest item's key); following scrolls to the bottom after each change. */
  source: WatchSource<unknown>;
  /** How close to the bottom, in CSS pixels, still counts as "at the latest" (rounding, sub-pixel zoom). @default 24 */
  slackPx?: number;
  /** Keeps the bottom in view when the list's box shrinks (a panel above grows). @default globalThis.ResizeObserver */
  ResizeObserver?: typeof globalThis.ResizeObserver;
  /**
   * The newest item's element. One taller than the view is followed from its top, its first words, rather than its
   * bottom (a long caption at a large text size on a small phone). @default none: always the bottom
   */
  newest?: () => HTMLElement | null | undefined;
}

/**
 * Keeps a scrolling list on its newest item until the reader scrolls up, and stays put while they read back; `jump()`
 * returns them to the latest and resumes following.
 * @see https://developer.mozilla.org/docs/Web/API/Element/scroll_event
 */
export function useFollowScroll({ target, source, slackPx = 24, ResizeObserver: ResizeObserverImpl = globalThis.ResizeObserver, newest }: UseFollowScrollOptions) {
  /** True while the list sticks to its newest item. */
  const following = ref(true);
  /** Content arrived while the reader was scrolled up. */
  const hasUnseen = ref(false);
  /** Some of the list is scrolled out of view above: its top line may be cut, so the view can say there is more. */
  const hiddenAbove = ref(false);

  function atBottom(element: HTMLElement): boolean {
    return element.scrollHeight - element.scrollTop - element.clientHeight <= slackPx;
  }

  /** Where the newest item starts, in the list's scroll coordinates, if it is taller than the view; else null. */
  function tallNewestTop(element: HTMLElement): number | null {
    const item = newest?.();
    if (!item) return null;
    const box = item.getBoundingClientRect();
    if (box.height <= element.clientHeight) return null;
    return element.scrollTop + box.top - element.getBoundingClientRect().top;
  }

  /** The view starts at the newest item's top (it was followed there because it is taller than the view). */
  function atTallNewest(element: HTMLElement): boolean {
    const top = tallNewestTop(element);
    return top !== null && Math.abs(top - element.scrollTop) <= 1;
  }

  function scrollToLatest(): void {
    const element = target.value;
    if (!element) return;
    // Our own write fires `scroll` too, but it lands at the latest, so onScroll reads it as following: no flag needed
    // (a flag would stick when the write moves nothing and no event fires, and swallow the reader's next scroll).
    element.scrollTop = tallNewestTop(element) ?? element.scrollHeight;
  }

  // Where the last scroll event left the view. `scroll` fires a frame after the scrollTop write, by which time more
  // lines may have arrived: judged by "at the bottom?" alone, our own scroll would then read as the reader leaving.
  // Only a move upwards is the reader's; content growing or our writes never lower scrollTop.
  let lastTop = 0;

  function onScroll(): void {
    const element = target.value;
    if (!element) return;
    const top = element.scrollTop;
    const atNewest = atTallNewest(element);
    // A view that starts at the newest item's top cuts nothing: only older lines are above.
    hiddenAbove.value = top > 0 && !atNewest;
    if (atBottom(element) || atNewest) {
      following.value = true;
      hasUnseen.value = false;
    } else if (top < lastTop) {
      following.value = false;
    }
    lastTop = top;
  }

  /** Scrolls to the newest item and follows again. */
  function jump(): void {
    following.value = true;
    hasUnseen.value = false;
    scrollToLatest();
  }

  const stopSource = watch(
    source,
    async () => {
      if (!following.value) {
        hasUnseen.value = true;
        return;
      }
      await nextTick();
      scrollToLatest();
    },
    { flush: 'post' },
  );
  const resizes = ResizeObserverImpl ? new ResizeObserverImpl(() => following.value && scrollToLatest()) : null;
  const stopTarget = watch(
    target,
    (element, previous) => {
      previous?.removeEventListener('scroll', onScroll);
      if (previous) resizes?.unobserve(previous);
      element?.addEventListener('scroll', onScroll, { passive: true });
      if (element) resizes?.observe(element);
      lastTop = element?.scrollTop ?? 0;
      hiddenAbove.value = lastTop > 0;
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    stopSource();
    stopTarget();
    target.value?.removeEventListener('scroll', onScroll);
    resizes?.disconnect();
  });

  return { following, hasUnseen, hiddenAbove, jump };
}
/** What useFollowScroll returns, for callers that hold it (STYLE: every composable names its return). @public */
export type UseFollowScrollReturn = ReturnType<typeof useFollowScroll>;
