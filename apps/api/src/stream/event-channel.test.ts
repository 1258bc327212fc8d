import type { LinnetEvent } from '@linnet/shared';
import { speakerEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { EventChannel } from './event-channel.js';
import type { SseSubscriber } from './sse-subscriber.js';

/** A subscriber that records what it was sent and how it was ended. */
function recorder() {
  const frames: string[] = [];
  const endings: Array<string | undefined> = [];
  const subscriber = { send: (frame: string) => frames.push(frame), end: (frame?: string) => endings.push(frame) } as unknown as SseSubscriber;
  return { subscriber, frames, endings, ids: () => frames.map((frame) => /^id: (\d+)$/m.exec(frame)?.[1]).filter(Boolean).map(Number) };
}
const speaker = (timestamp: number): LinnetEvent => speakerEvent({ session_id: 's', timestamp });

describe('EventChannel fed by a shared log (STORE=redis)', () => {
  it('hands published events to publishVia instead of numbering or sending them', () => {
    const handed: LinnetEvent[] = [];
    const channel = new EventChannel({ sessionId: 's', publishVia: (event) => handed.push(event) });
    const { subscriber, frames } = recorder();
    channel.attach(subscriber, null);
    expect(channel.publish(speaker(1))).toBe(0);
    expect(handed).toEqual([speaker(1)]);
    expect(frames).toEqual([]);
    expect(channel.lastEventId).toBe(0);
  });

  it('delivers events numbered elsewhere once each, dropping copies of ids it already has', () => {
    const channel = new EventChannel({ sessionId: 's', replayCapacity: 3 });
    const live = recorder();
    channel.attach(live.subscriber, null);
    expect([channel.deliver(1, speaker(1)), channel.deliver(2, speaker(2)), channel.deliver(2, speaker(2)), channel.deliver(1, speaker(1)), channel.deliver(5, speaker(5))]).toEqual([true, true, false, false, true]);
    expect(live.ids()).toEqual([1, 2, 5]);
    expect(channel.lastEventId).toBe(5);
    channel.deliver(6, speaker(6));
    const resumed = recorder();
    channel.attach(resumed.subscriber, 4);
    expect(resumed.ids()).toEqual([5, 6]);
    expect(resumed.frames.some((frame) => frame.startsWith('event: replay-gap'))).toBe(false);
  });

  it('tells live subscribers replay-gap when ids are missing (the shared log was trimmed past them), and replays from after the hole', () => {
    const channel = new EventChannel({ sessionId: 's', replayCapacity: 3 });
    const live = recorder();
    channel.attach(live.subscriber, null);
    for (const id of [1, 2, 5, 6]) channel.deliver(id, speaker(id));
    expect(live.frames[2]).toBe('event: replay-gap\ndata: {"last_event_id":2,"first_available_id":5}\n\n');
    expect(live.ids()).toEqual([1, 2, 5, 6]);
    expect(live.frames).toHaveLength(5);
    // 1 and 2 were still in the ring, but a client resuming from 1 must not get 2 then 5 as if whole.
    const resumed = recorder();
    channel.attach(resumed.subscriber, 1);
    expect(resumed.frames[0]).toBe('event: replay-gap\ndata: {"last_event_id":1,"first_available_id":5}\n\n');
    expect(resumed.ids()).toEqual([5, 6]);
  });

  it('closes every stream without session-ended when this instance leaves', () => {
    const channel = new EventChannel({ sessionId: 's' });
    const { subscriber, endings } = recorder();
    channel.attach(subscriber, null);
    channel.disconnectAll();
    expect(endings).toEqual([undefined]);
    channel.deliver(1, speaker(1));
    expect(channel.subscriberCount).toBe(0);
  });
});
