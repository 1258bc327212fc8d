import { AUDIO_FRAME_BURST, AUDIO_MAX_FRAMES_PER_S } from '@linnet/shared';
import { systemClock, type Clock } from '../lib/clock.js';

export interface FrameBudgetOptions {
  /** Frames per second on average. @default AUDIO_MAX_FRAMES_PER_S */
  framesPerS?: number;
  /** Frames that may come back to back. @default AUDIO_FRAME_BURST */
  burst?: number;
  clock?: Clock;
}

/**
 * A token bucket of frames for one audio socket: `take(cost)` spends `cost` frames and says how
 * long the socket must then go unread to be back under the rate (0 while within it).
 * @see https://en.wikipedia.org/wiki/Token_bucket
 */
export function createFrameBudget({ framesPerS = AUDIO_MAX_FRAMES_PER_S, burst = AUDIO_FRAME_BURST, clock = systemClock }: FrameBudgetOptions = {}) {
  let tokens = burst;
  let refilledAt = clock.now();
  function refill(): void {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - refilledAt) * framesPerS) / 1000);
    refilledAt = now;
  }
  const wait = (): number => (tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / framesPerS));
  return {
    /** Spend `cost` frames (default one); the milliseconds to stop reading for, 0 when the socket may read on. */
    take(cost = 1): number {
      refill();
      // Frames already read when the socket was paused still arrive: the debt is paid in waiting.
      tokens -= cost;
      return wait();
    },
    /** The milliseconds still to wait for the debt so far, 0 when there is none. */
    waitMs(): number {
      refill();
      return wait();
    },
  };
}
