import { shallowRef } from 'vue';

/** What the one lazily loaded chunk holds (see src/lazy.ts). */
export type LazyChunk = typeof import('../lazy');

/**
 * The lazily loaded chunk once it has arrived, null before: components render `<component :is>` from it, which costs
 * the first-load bundle less than `defineAsyncComponent` would.
 */
export const lazyChunk = shallowRef<LazyChunk | null>(null);
let pending: Promise<LazyChunk> | undefined;

/** Fetches the chunk (once; a failed fetch is retried on the next call). */
export function loadLazyChunk(): Promise<LazyChunk> {
  pending ??= import('../lazy').then(
    (module) => (lazyChunk.value = module),
    (cause: unknown) => {
      pending = undefined;
      throw cause;
    },
  );
  return pending;
}
