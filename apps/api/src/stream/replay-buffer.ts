import type { ReplayGap } from '@linnet/shared';
import { Ring } from '../lib/ring.js';

/** One event as it went out on the wire, kept so a reconnecting client receives the same bytes. */
export interface RetainedEvent {
  id: number;
  /** The whole SSE message (`id:`, `event:`, `data:` and the blank line). */
  frame: string;
}

/** What a client resuming after `lastEventId` must be sent, in this order. */
export interface Replay {
  gap: ReplayGap | null;
  events: RetainedEvent[];
}

/**
 * Fixed-capacity ring of the latest events of one session, oldest overwritten first.
 * Ids are pushed in increasing order, so position in the ring follows id order.
 */
export class ReplayBuffer {
  private readonly ring: Ring<RetainedEvent>;

  constructor(readonly capacity: number) {
    this.ring = new Ring(capacity);
  }

  /** Number of events currently held. */
  get length(): number {
    return this.ring.length;
  }

  /** Keep an event, dropping the oldest when full. */
  push(event: RetainedEvent): void {
    this.ring.push(event);
  }

  /** Id of the oldest event still held, or null when empty. */
  firstId(): number | null {
    return this.ring.at(0)?.id ?? null;
  }

  /**
   * Events with an id greater than `lastEventId`, oldest first; `gap` is set when ids between
   * `lastEventId` and the oldest retained event were overwritten and can no longer be sent.
   */
  replayFrom(lastEventId: number): Replay {
    const events: RetainedEvent[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const event = this.ring.at(i)!;
      if (event.id > lastEventId) events.push(event);
    }
    const first = this.firstId();
    const gap = first !== null && first > lastEventId + 1 ? { last_event_id: lastEventId, first_available_id: first } : null;
    return { gap, events };
  }

  /** Drop everything (the session ended). */
  clear(): void {
    this.ring.clear();
  }
}
