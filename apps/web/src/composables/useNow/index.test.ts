import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { ManualTimers } from '../../test/fakes';
import { useNow } from './index';

describe('useNow', () => {
  it('moves on once per interval from the injected clock, and stops when its scope ends', () => {
    let clock = 5_000;
    const timers = new ManualTimers();
    const scope = effectScope();
    const now = scope.run(() => useNow({ now: () => clock, timers, intervalMs: 1000 }))!;
    expect(now.value).toBe(5_000);
    clock = 6_000;
    expect(timers.runNext()).toBe(1000);
    expect(now.value).toBe(6_000);
    scope.stop();
    expect(timers.pending).toEqual([]);
  });
});
