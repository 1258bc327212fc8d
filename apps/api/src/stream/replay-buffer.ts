import type { ReplayGap } from '@linnet/shared';

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
  private readonly slots: Array<RetainedEvent | undefined>;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.slots = new Array<RetainedEvent | undefined>(capacity);
  }

  /** Number of events currently held. */
  get length(): number {
    return this.size;
  }

  /** Keep an event, dropping the oldest when full. */
  push(event: RetainedEvent): void {
    if (this.size < this.capacity) {
      this.slots[(this.start + this.size) % this.capacity] = event;
      this.size += 1;
    } else {
      this.slots[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Id of the oldest event still held, or null when empty. */
  firstId(): number | null {
    return this.size === 0 ? null : (this.slots[this.start]?.id ?? null);
  }

  /**
   * Events with an id greater than `lastEventId`, oldest first; `gap` is set when ids between
   * `lastEventId` and the oldest retained event were overwritten and can no longer be sent.
   */
  replayFrom(lastEventId: number): Replay {
    const events: RetainedEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const event = this.slots[(this.start + i) % this.capacity]!;
      if (event.id > lastEventId) events.push(event);
    }
    const first = this.firstId();
    const gap = first !== null && first > lastEventId + 1 ? { last_event_id: lastEventId, first_available_id: first } : null;
    return { gap, events };
  }

  /** Drop everything (the session ended). */
  clear(): void {
    this.slots.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}
