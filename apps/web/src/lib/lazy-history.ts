import { shallowRef } from 'vue';

/** What the one lazily loaded chunk holds (see src/lazy-history.ts). */
export type LazyHistoryModule = typeof import('../lazy-history');

/**
 * The lazily loaded chunk once it has arrived, null before: components render `<component :is>` from it, which costs
 * the first-load bundle less than `defineAsyncComponent` would.
 */
export const lazyHistory = shallowRef<LazyHistoryModule | null>(null);
let pending: Promise<LazyHistoryModule> | undefined;

/** Fetches the chunk (once; a failed fetch is retried on the next call). */
export function loadLazyHistory(): Promise<LazyHistoryModule> {
  pending ??= import('../lazy-history').then(
    (module) => (lazyHistory.value = module),
    (cause: unknown) => {
      pending = undefined;
      throw cause;
    },
  );
  return pending;
}
