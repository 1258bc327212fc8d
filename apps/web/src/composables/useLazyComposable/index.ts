import { effectScope, onScopeDispose, shallowReadonly, shallowRef } from 'vue';

/** Schedules work for when the page is idle. */
export type WhenIdle = (run: () => void) => void;

export interface UseLazyComposableOptions {
  /** Start loading once the page is idle after first paint, so a first tap rarely waits. @default true */
  prefetch?: boolean;
  /** @default globalThis.requestIdleCallback, or a 1 s timeout where it is missing (Safari) */
  whenIdle?: WhenIdle;
}

/**
 * Runs a composable whose code is loaded on demand, keeping it out of the first-load bundle. The setup runs in an
 * effect scope owned by the caller, so its watchers and `onScopeDispose` cleanups live and end with the caller's.
 * @see https://developer.mozilla.org/docs/Web/API/Window/requestIdleCallback
 */
export function useLazyComposable<T>(load: () => Promise<() => T>, { prefetch = true, whenIdle = idleCallback }: UseLazyComposableOptions = {}) {
  const scope = effectScope(true);
  /** The composable's return value once loaded, null before. */
  const loaded = shallowRef<T | null>(null);
  let pending: Promise<T> | undefined;
  let disposed = false;

  /** Loads the code (once) and runs the setup; rejects when the chunk cannot be fetched, and a later call retries. */
  function get(): Promise<T> {
    pending ??= load().then(
      (setup) => {
        if (disposed) throw new Error('the owner of this lazy composable was disposed');
        loaded.value ??= scope.run(setup)!;
        return loaded.value;
      },
      (cause: unknown) => {
        pending = undefined;
        throw cause;
      },
    );
    return pending;
  }

  if (prefetch) whenIdle(() => void get().catch(() => undefined));

  onScopeDispose(() => {
    disposed = true;
    scope.stop();
  });

  return { loaded: shallowReadonly(loaded), get };
}
/** What useLazyComposable returns, for callers that hold it (STYLE: every composable names its return). @public */
export type UseLazyComposableReturn<T> = ReturnType<typeof useLazyComposable<T>>;

function idleCallback(run: () => void): void {
  if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(run, { timeout: 2_000 });
  else globalThis.setTimeout(run, 1_000);
}
