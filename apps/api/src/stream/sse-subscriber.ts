import type { ServerResponse } from 'node:http';
import type { SseOptions } from '../defaults.js';
import type { Heartbeat } from './heartbeat.js';

/**
 * Why a subscriber's stream stopped: `slow` means it was cut off for not keeping up, `stalled`
 * for taking no bytes at all while Node held some for it.
 */
export type SubscriberCloseReason = 'client' | 'slow' | 'stalled' | 'ended';

export interface SseSubscriberOptions extends Omit<SseOptions, 'heartbeatMs'> {
  res: ServerResponse;
  /** The shared timer that sends `: heartbeat` comments to every open stream. */
  heartbeat: Heartbeat;
  /** Called once when the stream stops, whatever the cause, with what its socket had taken and held. */
  onClose?: (reason: SubscriberCloseReason, bytes: { sent: number; backlog: number }) => void;
}

const HEARTBEAT = ': heartbeat\n\n';

/**
 * One open `text/event-stream` response. Writes pre-framed SSE messages, sends heartbeats, and
 * disconnects a client that cannot keep up instead of buffering for it without bound.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export class SseSubscriber {
  private readonly res: ServerResponse;
  private readonly maxBacklogBytes: number;
  private readonly drainTimeoutMs: number;
  private readonly stallTimeoutMs: number;
  private readonly stopHeartbeat: () => void;
  private drainTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  /** Bytes the kernel had taken from this socket when the stall timer was last armed. */
  private flushedAtCheck = 0;
  /** What the kernel had taken and Node still held when the stream was cut off. */
  private bytesAtCut: { sent: number; backlog: number } | null = null;
  private closed = false;
  private closeReason: SubscriberCloseReason = 'client';

  constructor({ res, heartbeat, maxBacklogBytes, drainTimeoutMs, stallTimeoutMs, onClose }: SseSubscriberOptions) {
    this.res = res;
    this.maxBacklogBytes = maxBacklogBytes;
    this.drainTimeoutMs = drainTimeoutMs;
    this.stallTimeoutMs = stallTimeoutMs;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    // The opening comment flushes the headers at once, so EventSource reports `open` immediately.
    res.write(HEARTBEAT);
    this.stopHeartbeat = heartbeat.add(() => {
      // A backlogged socket gains nothing from more bytes; the drain timer decides its fate.
      if (!res.writableNeedDrain) this.send(HEARTBEAT);
    });
    res.on('drain', () => this.clearDrainTimer());
    res.once('close', () => {
      this.stop();
      onClose?.(this.closeReason, this.bytesAtCut ?? { sent: this.flushedBytes(), backlog: 0 });
    });
  }

  /** Write one framed message; a subscriber over its backlog bound is disconnected. */
  send(frame: string): void {
    if (this.closed) return;
    if (this.res.write(frame)) return;
    if (this.res.writableLength > this.maxBacklogBytes) {
      this.disconnect('slow');
      return;
    }
    this.drainTimer ??= setTimeout(() => this.disconnect('slow'), this.drainTimeoutMs);
    this.drainTimer.unref();
    if (!this.stallTimer) this.armStallCheck();
  }

  /**
   * Node sees a reader that stopped reading only once the kernel's buffers for the socket are
   * full (about 4 MB on Linux); from then on the bytes the kernel takes are the only sign of life.
   * A socket that took none for `stallTimeoutMs` is cut off then, before the drain deadline.
   * Node counts bytes as taken when a write completes (a backlog is written as one batch), so a
   * reader that is far behind looks stalled until it catches up with a whole batch.
   */
  private armStallCheck(): void {
    this.flushedAtCheck = this.flushedBytes();
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (this.closed || !this.res.writableNeedDrain) return;
      if (this.flushedBytes() === this.flushedAtCheck) this.disconnect('stalled');
      else this.armStallCheck();
    }, this.stallTimeoutMs);
    this.stallTimer.unref();
  }

  /** Bytes handed to the kernel so far: what the socket accepted minus what Node still holds. */
  private flushedBytes(): number {
    const socket = this.res.socket;
    return socket ? socket.bytesWritten - socket.writableLength : 0;
  }

  /** Send a last message (e.g. `session-ended`) and close the stream normally. */
  end(finalFrame?: string): void {
    if (this.closed) return;
    this.closeReason = 'ended';
    if (finalFrame) this.res.write(finalFrame);
    this.stop();
    this.res.end();
  }

  /** Drop the connection at once; the client may resume with Last-Event-ID. */
  disconnect(reason: SubscriberCloseReason): void {
    if (this.closed) return;
    this.closeReason = reason;
    this.bytesAtCut = { sent: this.flushedBytes(), backlog: this.res.writableLength };
    this.stop();
    this.res.destroy();
  }

  private stop(): void {
    this.closed = true;
    this.stopHeartbeat();
    this.clearDrainTimer();
  }

  private clearDrainTimer(): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}
