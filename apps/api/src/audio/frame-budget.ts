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

/** What a throttle needs of a socket: to stop and start reading it (ws's `WebSocket`). */
interface PausableSocket {
  pause(): void;
  resume(): void;
}

/**
 * Reads a socket no faster than its frame budget allows: `charge(cost)` spends from the budget and,
 * when it is overdrawn, stops reading the socket until the whole debt is paid, so TCP slows the
 * sender. Frames read ahead of the pause add to the debt rather than escaping it.
 */
export function createSocketThrottle(socket: PausableSocket, budget: ReturnType<typeof createFrameBudget>) {
  let resumeTimer: NodeJS.Timeout | null = null;
  const resumeWhenPaid = (): void => {
    const left = budget.waitMs();
    if (left > 0) resumeTimer = setTimeout(resumeWhenPaid, left);
    else {
      resumeTimer = null;
      socket.resume();
    }
  };
  return {
    /** Spend `cost` frames; true when that paused the socket. */
    charge(cost: number): boolean {
      const waitMs = budget.take(cost);
      if (waitMs === 0 || resumeTimer) return false;
      socket.pause();
      resumeTimer = setTimeout(resumeWhenPaid, waitMs);
      return true;
    },
    /** Forget the pending resume (the socket closed). */
    stop(): void {
      if (resumeTimer) clearTimeout(resumeTimer);
      resumeTimer = null;
    },
  };
}
