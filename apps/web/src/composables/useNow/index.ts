import { onScopeDispose, readonly, ref } from 'vue';
import type { StreamTimers } from '../useToneStream';

export interface UseNowOptions {
  /** @default Date.now */
  now?: () => number;
  /** How often the value moves on. @default 1000 */
  intervalMs?: number;
  /** @default { setTimeout, clearTimeout } of globalThis */
  timers?: StreamTimers;
}

/** The client clock as a ref that moves on every `intervalMs`, so "heard 12 s ago" and badge expiry re-render. */
export function useNow({
  now = Date.now,
  intervalMs = 1000,
  timers = { setTimeout: (run, ms) => globalThis.setTimeout(run, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) },
}: UseNowOptions = {}) {
  const current = ref(now());
  let handle: unknown;
  const tick = () => {
    current.value = now();
    handle = timers.setTimeout(tick, intervalMs);
  };
  handle = timers.setTimeout(tick, intervalMs);
  onScopeDispose(() => timers.clearTimeout(handle));
  return readonly(current);
}
