import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../lib/clock.js';
import { createFrameBudget, createSocketThrottle } from './frame-budget.js';

describe('createFrameBudget', () => {
  it('lets a burst through, then asks for the wait that brings the rate back under the cap', () => {
    const clock = createManualClock();
    const budget = createFrameBudget({ framesPerS: 100, burst: 3, clock });
    expect([budget.take(), budget.take(), budget.take()]).toEqual([0, 0, 0]);
    // One frame over: 10 ms at 100 frames/s; two over: 20 ms.
    expect(budget.take()).toBe(10);
    expect(budget.take()).toBe(20);
  });

  it('refills at the rate, up to the burst and no further', () => {
    const clock = createManualClock();
    const budget = createFrameBudget({ framesPerS: 100, burst: 2, clock });
    budget.take();
    budget.take();
    clock.advance(10);
    expect(budget.take()).toBe(0);
    expect(budget.take()).toBe(10);
    clock.advance(60_000);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([0, 0, 10]);
  });

  it('holds a steady sender at the cap: over 10 s it may send burst + 10 s × rate frames', () => {
    const clock = createManualClock();
    const budget = createFrameBudget({ framesPerS: 200, burst: 200, clock });
    let sent = 0;
    // A sender that obeys every wait it is given, for 10 s of clock.
    while (clock.now() < 10_000) {
      sent++;
      clock.advance(budget.take());
    }
    expect(sent).toBeGreaterThanOrEqual(200 + 2000 - 1);
    expect(sent).toBeLessThanOrEqual(200 + 2000 + 1);
  });

  it('charges a costly frame as several', () => {
    const clock = createManualClock();
    const budget = createFrameBudget({ framesPerS: 100, burst: 10, clock });
    expect(budget.take(10)).toBe(0);
    expect(budget.take(2.5)).toBe(25);
  });

  it('tells how much of the wait is left without spending anything', () => {
    const clock = createManualClock();
    const budget = createFrameBudget({ framesPerS: 100, burst: 1, clock });
    budget.take();
    expect(budget.take(4)).toBe(40);
    clock.advance(30);
    expect(budget.waitMs()).toBe(10);
    clock.advance(10);
    expect(budget.waitMs()).toBe(0);
  });
});

describe('createSocketThrottle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pauses an overdrawn socket and resumes it only once frames read ahead are paid for too', () => {
    vi.useFakeTimers();
    const clock = createManualClock();
    const calls: string[] = [];
    const throttle = createSocketThrottle({ pause: () => calls.push('pause'), resume: () => calls.push('resume') }, createFrameBudget({ framesPerS: 100, burst: 1, clock }));
    const pass = (ms: number) => {
      clock.advance(ms);
      vi.advanceTimersByTime(ms);
    };
    expect(throttle.charge(1)).toBe(false);
    expect(throttle.charge(1)).toBe(true);
    // Two more frames had been read before the pause took effect: 30 ms owed in all.
    expect([throttle.charge(1), throttle.charge(1)]).toEqual([false, false]);
    pass(10);
    expect(calls).toEqual(['pause']);
    pass(20);
    expect(calls).toEqual(['pause', 'resume']);
    throttle.stop();
  });

  it('forgets a pending resume once stopped', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const throttle = createSocketThrottle({ pause: () => calls.push('pause'), resume: () => calls.push('resume') }, createFrameBudget({ framesPerS: 100, burst: 0, clock: createManualClock() }));
    throttle.charge(1);
    throttle.stop();
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual(['pause']);
  });
});
