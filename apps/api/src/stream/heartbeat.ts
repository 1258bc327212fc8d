/** The interval timer functions, injectable so tests tick by hand. */
export interface IntervalTimers {
  setInterval: (tick: () => void, ms: number) => { unref?: () => unknown };
  clearInterval: (timer: never) => void;
}

export interface HeartbeatOptions {
  intervalMs: number;
  /** @default the global setInterval / clearInterval */
  timers?: IntervalTimers;
}

/**
 * One timer for every open event stream: each tick calls every registered beat. A thousand
 * subscribers cost one timer instead of a thousand; the timer runs only while someone listens.
 */
export function createHeartbeat({ intervalMs, timers = globalThis as unknown as IntervalTimers }: HeartbeatOptions) {
  const beats = new Set<() => void>();
  let timer: ReturnType<IntervalTimers['setInterval']> | null = null;

  function tick(): void {
    for (const beat of beats) beat();
  }

  return {
    /** Number of registered beats. */
    get size(): number {
      return beats.size;
    },
    /** Call `beat` on every tick until the returned function is called. */
    add(beat: () => void): () => void {
      beats.add(beat);
      if (!timer) {
        timer = timers.setInterval(tick, intervalMs);
        // Heartbeats never keep the process alive on their own.
        timer.unref?.();
      }
      return () => {
        beats.delete(beat);
        if (beats.size === 0 && timer) {
          timers.clearInterval(timer as never);
          timer = null;
        }
      };
    },
  };
}

export type Heartbeat = ReturnType<typeof createHeartbeat>;
