import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AUDIO_FRAME_BYTES, AUDIO_SAMPLE_RATE, SessionResponseSchema } from '@linnet/shared';
import type { LoadCounts, SessionPlan } from './messages.js';
import { openRawEventStream } from './raw-event-stream.js';
import { createServerFrameScanner, maskedCloseFrame, maskedFrameBytes, maskedPongFrame, openRawWebSocket } from './raw-websocket.js';
import type { SampleBuffer } from './stats.js';
import { eventWindowIndex, windowEndFrame } from './window-end.js';

export const FRAME_MS = (AUDIO_FRAME_BYTES / 2 / AUDIO_SAMPLE_RATE) * 1000;

/** Where one load process collects what its sessions measure. */
export interface LoadSinks {
  ackRttMs: SampleBuffer;
  eventLatencyMs: SampleBuffer;
  /** How late each frame left against its wall-clock schedule: the load process's own lag. */
  sendLagMs: SampleBuffer;
  counts: LoadCounts;
}

/** Bytes of one 100 ms audio frame as sent: a masked binary WebSocket frame. */
export const FRAMED_AUDIO_BYTES = maskedFrameBytes(AUDIO_FRAME_BYTES);

export interface LoadSessionOptions {
  /** The instances (one unless `--cluster`); the plan says which serves what. */
  baseUrls: string[];
  /** The looped speech as whole masked WebSocket frames of 100 ms (`maskedBinaryFrames`). */
  framedPcm: Buffer;
  plan: SessionPlan;
  frames: number;
  windowMs: number;
  sinks: LoadSinks;
  /** Called once every frame is sent and acknowledged (or the socket closed). */
  onDone: () => void;
}

/**
 * One simulated client: a session, one SSE subscriber and one audio socket sending 100 ms frames
 * on a wall-clock schedule (a microphone does not wait for acks), timing each ack and each event.
 */
export class LoadSession {
  private readonly options: LoadSessionOptions;
  private readonly sentAt: Float64Array;
  private readonly pcmFrames: number;
  private sessionId = '';
  private socket: Socket | null = null;
  private sse: Socket | null = null;
  private startAt = 0;
  private nextFrame = 0;
  private acked = 0;
  private timer: NodeJS.Timeout | null = null;
  private done = false;

  constructor(options: LoadSessionOptions) {
    this.options = options;
    this.sentAt = new Float64Array(options.frames).fill(Number.NaN);
    this.pcmFrames = options.framedPcm.length / FRAMED_AUDIO_BYTES;
  }

  /** Start the session, subscribe to its stream and open its audio socket. */
  async open(): Promise<void> {
    const { baseUrls, plan } = this.options;
    const started = await fetch(`${baseUrls[plan.startOn]!}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!started.ok) throw new Error(`POST /session/start answered ${started.status}`);
    this.sessionId = SessionResponseSchema.parse(await started.json()).session_id;
    const streamAt = new URL(baseUrls[plan.streamOn]!);
    this.sse = await openRawEventStream(streamAt.hostname, Number(streamAt.port), `/session/${this.sessionId}/stream`, (event, data) => this.onEvent(event, data));
    this.sse.on('error', () => undefined);
    let socket: Socket | null = null;
    const scan = createServerFrameScanner({
      onText: () => this.onAck(),
      onPing: (payload) => socket?.write(maskedPongFrame(payload)),
      onClose: () => this.closedByServer(),
    });
    const audioAt = new URL(baseUrls[plan.audioOn]!);
    socket = await openRawWebSocket(audioAt.hostname, Number(audioAt.port), `/session/${this.sessionId}/audio`, (chunk, length) => {
      try {
        scan(chunk, length);
      } catch {
        socket?.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.closedByServer());
    this.socket = socket;
  }

  /** Begin streaming at `t0` (performance.now() time) plus this session's phase. */
  begin(t0: number): void {
    this.startAt = t0 + this.options.plan.phaseMs;
    this.timer = setTimeout(this.tick, Math.max(0, this.startAt - performance.now()));
  }

  /** Close both sockets. */
  close(): void {
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.socket && !this.socket.destroyed) this.socket.end(maskedCloseFrame(1000));
    this.sse?.destroy();
  }

  private closedByServer(): void {
    if (this.done) return;
    this.options.sinks.counts.socketsClosedEarly += 1;
    this.finish();
  }

  private readonly tick = (): void => {
    const { framedPcm, plan, frames, sinks } = this.options;
    const now = performance.now();
    // Frames whose time has come all go now: a stalled client catches up, as a real one would.
    while (this.nextFrame < frames && this.startAt + this.nextFrame * FRAME_MS <= now) {
      const at = ((plan.audioOffsetFrames + this.nextFrame) % this.pcmFrames) * FRAMED_AUDIO_BYTES;
      // A view of the frame prepared in advance: no copy, no masking, one write.
      this.socket!.write(framedPcm.subarray(at, at + FRAMED_AUDIO_BYTES));
      this.sentAt[this.nextFrame] = performance.now();
      sinks.sendLagMs.push(now - (this.startAt + this.nextFrame * FRAME_MS));
      sinks.counts.framesSent += 1;
      this.nextFrame += 1;
    }
    if (this.nextFrame < frames) this.timer = setTimeout(this.tick, this.startAt + this.nextFrame * FRAME_MS - now);
  };

  private onAck(): void {
    // Acks come back in frame order on one socket, so the n-th ack answers the n-th frame.
    const sent = this.sentAt[this.acked];
    if (sent === undefined) return;
    this.options.sinks.ackRttMs.push(performance.now() - sent);
    this.options.sinks.counts.acks += 1;
    this.acked += 1;
    if (this.acked === this.options.frames) this.finish();
  }

  private onEvent(name: string, data: string): void {
    const { counts, eventLatencyMs } = this.options.sinks;
    if (name !== 'tone-event' && name !== 'speaker-event') {
      counts.otherEvents += 1;
      return;
    }
    const receivedAt = performance.now();
    const event = JSON.parse(data) as { event_type: string; label?: string; timestamp: number };
    if (name === 'tone-event') counts.toneEvents += 1;
    else counts.speakerEvents += 1;
    const window = eventWindowIndex(event, this.options.windowMs / 1000);
    if (window === null) return;
    const sent = this.sentAt[Math.min(this.options.frames - 1, windowEndFrame(window, this.options.windowMs, FRAME_MS))];
    if (sent === undefined || Number.isNaN(sent)) counts.eventsBeforeWindowEnd += 1;
    else eventLatencyMs.push(receivedAt - sent);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.options.onDone();
  }
}
