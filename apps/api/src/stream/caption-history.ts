import type { TranscriptEvent } from '@linnet/shared';
import { DEFAULTS } from '../defaults.js';
import { Ring } from '../lib/ring.js';

/**
 * The captions of one session, oldest first, for the transcript exports and `GET /captions`.
 * Bounded like the replay buffer (SSE_REPLAY_BUFFER), so a long session keeps its most recent
 * captions, not all of them; captions arrive about once per utterance, so they outlive the
 * replay buffer's reach.
 */
export class CaptionHistory {
  private readonly ring: Ring<TranscriptEvent>;

  constructor(readonly capacity: number = DEFAULTS.sseReplayBuffer) {
    this.ring = new Ring(capacity);
  }

  /** Keep a caption, forgetting the oldest beyond capacity. */
  add(event: TranscriptEvent): void {
    this.ring.push(event);
  }

  /** Every retained caption, oldest first. */
  all(): TranscriptEvent[] {
    return this.ring.toArray();
  }

  /** Forget everything (the session ended). */
  clear(): void {
    this.ring.clear();
  }
}
