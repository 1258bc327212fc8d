import { describe, expect, it } from 'vitest';
import { effectScope, onScopeDispose, ref } from 'vue';
import { useLazyComposable, type WhenIdle } from './index';

/** A composable to load: counts how often it runs and whether its scope was disposed. */
function counterSetup(log: string[]) {
  return () => {
    log.push('setup');
    onScopeDispose(() => log.push('disposed'));
    return { count: ref(1) };
  };
}

describe('useLazyComposable', () => {
  it('loads and runs the composable once, on the first get()', async () => {
    const log: string[] = [];
    let loads = 0;
    const scope = effectScope();
    const lazy = scope.run(() =>
      useLazyComposable(async () => {
        loads++;
        return counterSetup(log);
      }, { prefetch: false }),
    )!;
    expect(lazy.loaded.value).toBeNull();
    const [first, second] = await Promise.all([lazy.get(), lazy.get()]);
    expect(first).toBe(second);
    expect(lazy.loaded.value).toBe(first);
    expect([loads, log]).toEqual([1, ['setup']]);
  });

  it('prefetches when the page is idle', async () => {
    const log: string[] = [];
    const idle: (() => void)[] = [];
    const whenIdle: WhenIdle = (run) => void idle.push(run);
    const scope = effectScope();
    const lazy = scope.run(() => useLazyComposable(async () => counterSetup(log), { whenIdle }))!;
    expect(log).toEqual([]);
    idle.forEach((run) => run());
    await lazy.get();
    expect(log).toEqual(['setup']);
    expect(lazy.loaded.value?.count.value).toBe(1);
  });

  it('disposes the loaded composable with its owner', async () => {
    const log: string[] = [];
    const scope = effectScope();
    const lazy = scope.run(() => useLazyComposable(async () => counterSetup(log), { prefetch: false }))!;
    await lazy.get();
    scope.stop();
    expect(log).toEqual(['setup', 'disposed']);
  });

  it('retries a load that failed (offline) on the next get()', async () => {
    const log: string[] = [];
    let online = false;
    const scope = effectScope();
    const lazy = scope.run(() =>
      useLazyComposable(async () => {
        if (!online) throw new TypeError('Failed to fetch dynamically imported module');
        return counterSetup(log);
      }, { prefetch: false }),
    )!;
    await expect(lazy.get()).rejects.toThrow('Failed to fetch');
    online = true;
    await lazy.get();
    expect(log).toEqual(['setup']);
  });
});
