import { HISTORY_CAPACITY, type HistoryQuery, type ToneEvent } from '@linnet/shared';

/** The most recent tone events of one session, for `/history` and `/export`. */
export class ToneHistory {
  private events: ToneEvent[] = [];

  constructor(readonly capacity: number = HISTORY_CAPACITY) {}

  /** Keep a tone event, forgetting the oldest beyond capacity. */
  add(event: ToneEvent): void {
    this.events.push(event);
    // Capacity is small (50), so shifting is cheaper than a ring's bookkeeping here.
    if (this.events.length > this.capacity) this.events.shift();
  }

  /** Events at or above `min_confidence`, the most recent `limit` of them, oldest first. */
  query({ min_confidence, limit }: HistoryQuery): ToneEvent[] {
    const kept = this.events.filter((event) => event.confidence >= min_confidence);
    return kept.slice(Math.max(0, kept.length - limit));
  }

  /** Every retained event, oldest first. */
  all(): ToneEvent[] {
    return [...this.events];
  }

  /** Forget everything (the session ended). */
  clear(): void {
    this.events = [];
  }
}
