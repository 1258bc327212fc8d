import { SSE_EVENT_NAMES, type LinnetEvent, type SessionEndReason, type SessionEnded } from '@linnet/shared';
import { DEFAULTS } from '../defaults.js';
import { CaptionHistory } from './caption-history.js';
import { ReplayBuffer, type RetainedEvent } from './replay-buffer.js';
import { sseFrame } from './sse-frame.js';
import type { SseSubscriber } from './sse-subscriber.js';
import { ToneHistory } from './tone-history.js';

/** A retained frame with the event it was made from, so a correction can be checked against what was shown. */
interface PublishedEvent extends RetainedEvent {
  event: LinnetEvent;
}

export interface EventChannelOptions {
  sessionId: string;
  /** Events kept for Last-Event-ID replay. @default DEFAULTS.sseReplayBuffer */
  replayCapacity?: number;
  /**
   * Where `publish` sends events instead of numbering them here (STORE=redis: the shared log,
   * which numbers them and hands them back to every instance's channel through `deliver`).
   */
  publishVia?: (event: LinnetEvent) => void;
}

/**
 * Fan-out of one session's events: numbers them, keeps them for replay and history, and writes
 * each to every open subscriber. Each event is serialised once, however many subscribers listen.
 */
export class EventChannel {
  readonly sessionId: string;
  readonly history = new ToneHistory();
  /** Transcript events, for the Markdown and WebVTT exports. */
  readonly captions: CaptionHistory;
  private readonly replay: ReplayBuffer;
  private readonly subscribers = new Set<SseSubscriber>();
  private readonly taps = new Set<(id: number, event: LinnetEvent) => void>();
  private readonly publishVia: ((event: LinnetEvent) => void) | undefined;
  private lastId = 0;
  private closed = false;

  constructor({ sessionId, replayCapacity = DEFAULTS.sseReplayBuffer, publishVia }: EventChannelOptions) {
    this.sessionId = sessionId;
    this.publishVia = publishVia;
    this.replay = new ReplayBuffer(replayCapacity);
    this.captions = new CaptionHistory(replayCapacity);
  }

  /** Number of open subscribers. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Id of the most recently published event (0 before the first). */
  get lastEventId(): number {
    return this.lastId;
  }

  /**
   * Number, retain and broadcast one event; returns its id (0 once the channel is closed, and 0
   * with `publishVia`, where the shared log numbers it later).
   */
  publish(event: LinnetEvent): number {
    if (this.closed) return 0;
    if (this.publishVia) {
      this.publishVia(event);
      return 0;
    }
    return this.deliver(this.lastId + 1, event) ? this.lastId : 0;
  }

  /**
   * Retain and broadcast an event numbered elsewhere (the shared log). An id at or below the last
   * one is a copy already delivered, and is dropped: false. Ids must otherwise only grow.
   */
  deliver(id: number, event: LinnetEvent): boolean {
    if (this.closed || id <= this.lastId) return false;
    if (id > this.lastId + 1) this.skipTo(id);
    this.lastId = id;
    const frame = sseFrame(SSE_EVENT_NAMES[event.event_type], event, id);
    const retained: PublishedEvent = { id, frame, event };
    this.replay.push(retained);
    if (event.event_type === 'tone') this.history.add(event);
    else if (event.event_type === 'transcript') this.captions.add(event);
    for (const subscriber of this.subscribers) subscriber.send(frame);
    for (const tap of this.taps) tap(id, event);
    return true;
  }

  /**
   * Ids `lastId + 1 .. id - 1` will never come: the shared log was trimmed past them while this
   * instance's reader lagged (STORE=redis numbers without holes, so a hole is a loss). Live
   * subscribers are told with `replay-gap`, as a resuming client is; the ring is emptied so that a
   * later Last-Event-ID before the hole gets the same notice instead of a silent skip.
   */
  private skipTo(id: number): void {
    const frame = sseFrame('replay-gap', { last_event_id: this.lastId, first_available_id: id });
    this.replay.clear();
    for (const subscriber of this.subscribers) subscriber.send(frame);
  }

  /**
   * Start delivering to a subscriber; with `lastEventId` it first receives a `replay-gap` notice
   * if needed, then every retained event after that id. Replay and attach happen in one
   * synchronous step, so no event can fall between them or arrive twice.
   */
  attach(subscriber: SseSubscriber, lastEventId: number | null): void {
    if (lastEventId !== null) {
      const { gap, events } = this.replay.replayFrom(lastEventId);
      if (gap) subscriber.send(sseFrame('replay-gap', gap));
      for (const event of events) subscriber.send(event.frame);
    }
    this.subscribers.add(subscriber);
  }

  /** A recently published event by id, while the replay buffer still holds it. */
  recent(id: number): LinnetEvent | undefined {
    // A scan of at most SSE_REPLAY_BUFFER entries, once per correction: rare, and off the audio path.
    const [retained] = this.replay.replayFrom(id - 1).events;
    return retained?.id === id ? (retained as PublishedEvent).event : undefined;
  }

  /** Be handed every published event with its id (a kept session's recorder); cleared on close. */
  tap(listener: (id: number, event: LinnetEvent) => void): void {
    this.taps.add(listener);
  }

  /** Stop delivering to a subscriber (its connection closed). */
  detach(subscriber: SseSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  /**
   * Close every open stream without `session-ended` (this instance is leaving, the session goes on
   * elsewhere): EventSource reconnects with Last-Event-ID, through the load balancer, to another.
   */
  disconnectAll(): void {
    for (const subscriber of [...this.subscribers]) subscriber.end();
    this.subscribers.clear();
  }

  /** Tell every subscriber the session ended, close their streams and free what is retained. */
  close(reason: SessionEndReason, keep?: SessionEnded['keep']): void {
    if (this.closed) return;
    this.closed = true;
    const ended: SessionEnded = keep ? { session_id: this.sessionId, reason, keep } : { session_id: this.sessionId, reason };
    const frame = sseFrame('session-ended', ended);
    for (const subscriber of [...this.subscribers]) subscriber.end(frame);
    this.subscribers.clear();
    this.taps.clear();
    this.replay.clear();
    this.history.clear();
    this.captions.clear();
  }
}
