import type { TranscriptEvent } from '@linnet/shared';
import { DEFAULTS } from '../defaults.js';

/**
 * The captions of one session, oldest first, for the transcript exports. Bounded like the replay
 * buffer (SSE_REPLAY_BUFFER), so a long session keeps its most recent captions, not all of them.
 */
export class CaptionHistory {
  private events: TranscriptEvent[] = [];
  private start = 0;

  constructor(readonly capacity: number = DEFAULTS.sseReplayBuffer) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** Keep a caption, forgetting the oldest beyond capacity. */
  add(event: TranscriptEvent): void {
    if (this.events.length < this.capacity) {
      this.events.push(event);
    } else {
      // A ring: captions arrive about once per utterance, but capacity may be large (100 000).
      this.events[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Every retained caption, oldest first. */
  all(): TranscriptEvent[] {
    return [...this.events.slice(this.start), ...this.events.slice(0, this.start)];
  }

  /** Forget everything (the session ended). */
  clear(): void {
    this.events = [];
    this.start = 0;
  }
}
