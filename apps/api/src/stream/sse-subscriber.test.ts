import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeat } from './heartbeat.js';
import { SseSubscriber, type SubscriberCloseReason } from './sse-subscriber.js';

/** A response whose socket the test drives: `accepting` says whether writes go straight through. */
class FakeResponse extends EventEmitter {
  accepting = true;
  destroyed = false;
  readonly socket = { bytesWritten: 0, writableLength: 0 };

  get writableNeedDrain(): boolean {
    return this.socket.writableLength > 0;
  }
  get writableLength(): number {
    return this.socket.writableLength;
  }
  writeHead(): void {}
  write(frame: string): boolean {
    this.socket.bytesWritten += frame.length;
    if (this.accepting && this.socket.writableLength === 0) return true;
    this.socket.writableLength += frame.length;
    return false;
  }
  /** Move bytes from Node's buffer to the kernel, as a completed write does. */
  flush(bytes: number): void {
    this.socket.writableLength = Math.max(0, this.socket.writableLength - bytes);
  }
  end(): void {}
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('SseSubscriber, stall detection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function subscribe() {
    const res = new FakeResponse();
    const reasons: SubscriberCloseReason[] = [];
    const subscriber = new SseSubscriber({
      res: res as unknown as ServerResponse,
      heartbeat: createHeartbeat({ intervalMs: 60_000 }),
      maxBacklogBytes: 1 << 30,
      drainTimeoutMs: 60_000,
      stallTimeoutMs: 5_000,
      onClose: (reason) => reasons.push(reason),
    });
    return { res, subscriber, reasons };
  }

  it('cuts off a backlogged socket that takes no bytes for stallTimeoutMs', () => {
    const { res, subscriber, reasons } = subscribe();
    res.accepting = false;
    subscriber.send('data: 1\n\n');
    vi.advanceTimersByTime(4_999);
    expect(res.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(res.destroyed).toBe(true);
    expect(reasons).toEqual(['stalled']);
  });

  it('keeps a backlogged socket that takes some bytes in every window, until the drain deadline', () => {
    const { res, subscriber, reasons } = subscribe();
    res.accepting = false;
    for (let i = 0; i < 100; i++) subscriber.send(`data: ${'x'.repeat(1000)}\n\n`);
    for (let window = 0; window < 10; window++) {
      res.flush(1_000);
      vi.advanceTimersByTime(5_000);
    }
    expect(res.destroyed).toBe(false);
    // Progress stops: the next window without a byte taken ends it.
    vi.advanceTimersByTime(5_000);
    expect(reasons).toEqual(['stalled']);
  });

  it('stops watching once the backlog drained', () => {
    const { res, subscriber } = subscribe();
    res.accepting = false;
    subscriber.send('data: 1\n\n');
    res.flush(1_000);
    res.emit('drain');
    vi.advanceTimersByTime(60_000);
    expect(res.destroyed).toBe(false);
  });
});
