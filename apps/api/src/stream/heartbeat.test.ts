import { describe, expect, it } from 'vitest';
import { createHeartbeat, type IntervalTimers } from './heartbeat.js';

/** Interval timers that tick only when told. */
function manualTimers() {
  const running = new Map<number, () => void>();
  let nextId = 1;
  const timers: IntervalTimers = {
    setInterval: (tick) => {
      const id = nextId++;
      running.set(id, tick);
      return { id, unref: () => undefined } as unknown as { unref: () => undefined };
    },
    clearInterval: (timer) => void running.delete((timer as unknown as { id: number }).id),
  };
  return { timers, running, tick: () => [...running.values()].forEach((tick) => tick()) };
}

describe('createHeartbeat', () => {
  it('beats every registered subscriber on each tick from one timer', () => {
    const { timers, running, tick } = manualTimers();
    const heartbeat = createHeartbeat({ intervalMs: 15_000, timers });
    const beats: string[] = [];
    heartbeat.add(() => beats.push('a'));
    heartbeat.add(() => beats.push('b'));
    heartbeat.add(() => beats.push('c'));
    expect(running.size).toBe(1);
    tick();
    tick();
    expect(beats).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('stops beating a subscriber once removed, and stops the timer with the last one', () => {
    const { timers, running, tick } = manualTimers();
    const heartbeat = createHeartbeat({ intervalMs: 15_000, timers });
    const beats: string[] = [];
    const removeA = heartbeat.add(() => beats.push('a'));
    const removeB = heartbeat.add(() => beats.push('b'));
    removeA();
    tick();
    expect(beats).toEqual(['b']);
    removeB();
    expect([running.size, heartbeat.size]).toEqual([0, 0]);
    heartbeat.add(() => beats.push('c'));
    expect(running.size).toBe(1);
  });

  it('lets a subscriber leave during a tick without skipping the others', () => {
    const { timers, tick } = manualTimers();
    const heartbeat = createHeartbeat({ intervalMs: 15_000, timers });
    const beats: string[] = [];
    const removeA = heartbeat.add(() => (beats.push('a'), removeA()));
    heartbeat.add(() => beats.push('b'));
    tick();
    tick();
    expect(beats).toEqual(['a', 'b', 'b']);
  });
});
