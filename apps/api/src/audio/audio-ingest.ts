import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  AUDIO_CLOSE_CODES,
  AUDIO_FRAME_BYTES,
  AUDIO_MAX_FRAME_BYTES,
  AUDIO_MIN_FRAME_BYTES,
  AUDIO_SAMPLE_RATE,
  AudioFrameSchema,
  SessionIdSchema,
  type ErrorResponse,
  type LinnetEvent,
} from '@linnet/shared';
import type { LabelOffsets } from '@linnet/engine';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { CaptionsService, SessionCaptions } from '../captions/captions-service.js';
import type { SessionEngineFactory } from '../engine/tone-engine.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { Session, SessionStore } from '../sessions/session-store.js';
import { AudioPipeline, createPipelineStats } from './audio-pipeline.js';
import { parseAudioQuery } from './audio-query.js';
import { createFrameBudget, createSocketThrottle } from './frame-budget.js';
import { AUDIO_INGEST_LIMITS, createIngestStats, type AudioIngestLimits } from './ingest-limits.js';

export interface AudioIngestOptions {
  store: SessionStore;
  engineFactory: SessionEngineFactory;
  /** Tone events under this confidence are not published (MIN_CONFIDENCE). */
  minConfidence: number;
  /** This installation's learnt tone-label offsets, read as each session's engine is built. */
  labelOffsets?: () => LabelOffsets | undefined;
  /** Live captions; without it sessions get tone labels only. */
  captions?: CaptionsService;
  /** Per-socket bounds; tests shrink them. @default AUDIO_INGEST_LIMITS */
  limits?: Partial<AudioIngestLimits>;
  clock?: Clock;
  logger?: Logger;
  /** Told when a session's audio socket opened here (STORE=redis: so other instances let theirs go). */
  onConnected?: (sessionId: string) => void;
  /** Told when the session's current audio socket here closed (STORE=redis: its claim is over). */
  onDisconnected?: (sessionId: string) => void;
}

const AUDIO_PATH = /^\/session\/([^/]+)\/audio\/?$/;

// Far more than an ack-paced client ever has waiting (one) or a live microphone gathers while the
// engine catches up (ten a second).
const MAX_HELD_ACKS = 256;

/** A session's audio: one pipeline kept across reconnects, so audio time runs on. */
interface SessionAudio {
  pipeline: AudioPipeline;
  /** The one socket whose frames feed the pipeline; a newer one replaces it. */
  socket: WebSocket | null;
  captions: SessionCaptions | null;
}

// The first failing check decides the close code; size is checked before parity, so a huge odd
// frame is "too large", as the contract lists it.
const CLOSE_CODE_BY_ISSUE: Partial<Record<string, number>> = {
  invalid_value: AUDIO_CLOSE_CODES.textFrame,
  too_small: AUDIO_CLOSE_CODES.emptyFrame,
  too_big: AUDIO_CLOSE_CODES.frameTooLarge,
  not_multiple_of: AUDIO_CLOSE_CODES.oddLength,
};

/**
 * Why a frame is refused (close code and reason), or null when it is whole Int16 PCM of an
 * acceptable size. Plain comparisons decide on the hot path; zod words the rejection.
 */
function frameProblem(data: RawData, isBinary: boolean): [code: number, reason: string] | null {
  const byteLength = (data as Buffer).byteLength;
  if (isBinary && byteLength > 0 && byteLength <= AUDIO_MAX_FRAME_BYTES && (byteLength & 1) === 0) return null;
  const checked = AudioFrameSchema.safeParse({ binary: isBinary, byteLength });
  if (checked.success) return null;
  const issue = checked.error.issues[0]!;
  return [CLOSE_CODE_BY_ISSUE[issue.code] ?? 1003, issue.message];
}

/**
 * An unmasked, unfragmented text frame (RFC 6455 §5.2) of a payload under 126 bytes: the bytes ws
 * itself writes for `send(text)` from a server.
 */
export function unmaskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new RangeError('a short frame holds at most 125 bytes');
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

/**
 * The TCP socket under a ws socket, for writing prepared frames: safe while ws has nothing queued
 * of its own, which holds without permessage-deflate (disabled here) and Blob messages (never sent).
 * Undefined if a ws version no longer keeps it where 8.x does; acks then go through `send`.
 */
function transportOf(socket: WebSocket): Duplex | undefined {
  const transport = (socket as unknown as { _socket?: Duplex })._socket;
  return transport && typeof transport.write === 'function' ? transport : undefined;
}

/** Answer an upgrade request with a JSON `{detail, code}` error instead of switching protocols. */
function refuseUpgrade(socket: Duplex, status: number, body: ErrorResponse): void {
  const json = JSON.stringify(body);
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
}

/**
 * ws refuses an over-long frame from its header, before buffering the payload, but closes with
 * the generic 1009; the contract promises 4009, so that one code is translated on this socket.
 */
function translateTooBigClose(socket: WebSocket): void {
  const close = socket.close.bind(socket);
  socket.close = (code?: number, reason?: string | Buffer) =>
    code === 1009 ? close(AUDIO_CLOSE_CODES.frameTooLarge, `frame over ${AUDIO_MAX_FRAME_BYTES} bytes`) : close(code, reason);
}

/**
 * `WS /session/:id/audio`: validates and acknowledges PCM frames and feeds each session's
 * pipeline; sockets close with 4000 when their session ends.
 */
export function createAudioIngest({
  store,
  engineFactory,
  minConfidence,
  labelOffsets,
  captions: captionsService,
  limits: limitOverrides,
  clock = systemClock,
  logger = silentLogger,
  onConnected,
  onDisconnected,
}: AudioIngestOptions) {
  const limits: AudioIngestLimits = { ...AUDIO_INGEST_LIMITS, ...limitOverrides };
  // maxPayload = the limit itself: anything larger is refused before it is buffered.
  // allowSynchronousEvents false: one message per socket per turn of the event loop, so a flood of
  // tiny frames in one TCP read cannot hold the loop (and a SIGTERM handler) for seconds.
  const wss = new WebSocketServer({ noServer: true, maxPayload: AUDIO_MAX_FRAME_BYTES, perMessageDeflate: false, allowSynchronousEvents: false });
  const audio = new Map<string, SessionAudio>();
  const stats = { ...createPipelineStats(), ...createIngestStats() };
  const ackCache = new Map<number, Buffer>();

  /** The whole WebSocket frame of the ack for `bytes`, built once per distinct size. */
  function ack(bytes: number): Buffer {
    let frame = ackCache.get(bytes);
    if (!frame) {
      frame = unmaskedTextFrame(JSON.stringify({ ok: true, bytes }));
      if (ackCache.size < 64) ackCache.set(bytes, frame);
    }
    return frame;
  }

  function audioFor(session: Session): SessionAudio {
    let entry = audio.get(session.id);
    if (!entry) {
      // A resumed session's engine starts from the kept speaker baseline; a kept one reports its own.
      const startBaseline = session.speakerBaseline();
      const engine = engineFactory({
        sessionId: session.id,
        elcor: session.elcor,
        windowMs: session.windowMs,
        sampleRate: AUDIO_SAMPLE_RATE,
        labelOffsets: labelOffsets?.(),
        ...(startBaseline ? { speakerBaseline: startBaseline } : {}),
        reportSpeakerBaseline: session.keep,
        // Only called once a window comes back, by which time the pipeline exists.
        recycleWindow: (window) => pipeline.recycle(window),
      });
      const publish = (event: LinnetEvent) => session.channel.publish(event);
      const captions = captionsService?.start({ id: session.id, elcor: session.elcor, windowMs: session.windowMs, transcribe: session.transcribe, publish }) ?? null;
      const pipeline: AudioPipeline = new AudioPipeline({
        sessionId: session.id,
        windowMs: session.windowMs,
        engine,
        minConfidence,
        stats,
        logger,
        publish: captions
          ? (event) => {
              if (!captions.passes(event)) return;
              publish(event);
              captions.observe(event);
            }
          : publish,
        // PCM reaches the recogniser before its window is transferred to an engine worker.
        onFrame: captions ? (pcm, startS) => captions.write(pcm, startS) : undefined,
        onAnalysed: captions ? (endS) => captions.analysed(endS) : undefined,
        onWithheldTone: captions ? (tone) => captions.observeWithheld(tone) : undefined,
      });
      if (session.keep) session.speakerBaseline = () => engine.speakerBaseline?.() ?? startBaseline;
      entry = { pipeline, socket: null, captions };
      audio.set(session.id, entry);
    }
    return entry;
  }

  /** Close a session's socket with `code` and free its engine and recogniser here. */
  function release(sessionId: string, code: number, reason: string): boolean {
    const entry = audio.get(sessionId);
    if (!entry) return false;
    audio.delete(sessionId);
    entry.socket?.close(code, reason);
    entry.socket = null;
    entry.pipeline.dispose();
    entry.captions?.close();
    return true;
  }

  const stopListening = store.onEnd((session) => {
    release(session.id, AUDIO_CLOSE_CODES.sessionEnded, 'session ended');
  });

  function onConnection(socket: WebSocket, rawId: string, ackEvery: number): void {
    translateTooBigClose(socket);
    socket.on('error', (error) => logger.warn('audio_socket_error', { error: (error as { code?: string }).code ?? error.name }));
    const id = SessionIdSchema.safeParse(rawId);
    const session = id.success ? store.get(id.data) : undefined;
    if (!session) {
      socket.close(AUDIO_CLOSE_CODES.sessionNotFound, 'session not found');
      return;
    }
    let entry: SessionAudio;
    try {
      entry = audioFor(session);
    } catch (error) {
      logger.error('engine_create_failed', { session_id: session.id, error: (error as Error).name });
      socket.close(1011, 'engine unavailable');
      return;
    }
    const previous = entry.socket;
    entry.socket = socket;
    if (previous) {
      // One socket per session: two would interleave their frames into one analysis. The newer wins
      // (a phone reconnecting before its old socket died); the old one's partial window is analysed
      // now, so the newer socket's audio starts a window of its own.
      entry.pipeline.finishStream();
      entry.captions?.flush();
      if (previous.readyState === WebSocket.OPEN) {
        stats.socketsReplaced++;
        previous.close(AUDIO_CLOSE_CODES.replaced, 'replaced by a newer audio socket');
      }
    }
    logger.info('audio_connected', { session_id: session.id, replaced: previous !== null });
    onConnected?.(session.id);
    const throttle = createSocketThrottle(socket, createFrameBudget({ framesPerS: limits.framesPerS, burst: limits.frameBurst, clock }));
    socket.on('close', (code) => {
      throttle.stop();
      // The session's socket went away (mic off): its final partial window still counts.
      if (entry.socket === socket) {
        entry.socket = null;
        entry.pipeline.finishStream();
        entry.captions?.flush();
      }
      if (audio.get(session.id)?.socket == null) onDisconnected?.(session.id);
      logger.info('audio_closed', { session_id: session.id, code });
    });
    const refuse = (code: number, reason: string): void => {
      logger.warn('audio_frame_refused', { session_id: session.id, code });
      socket.close(code, reason);
    };
    const transport = transportOf(socket);
    const sendAck = (frame: Buffer): void => {
      if (socket.readyState !== WebSocket.OPEN) return;
      // A client that reads no acks leaves them in this process's heap once the kernel's buffers
      // are full: stop acking and close instead of growing without bound.
      if (socket.bufferedAmount > limits.maxAckBacklogBytes) {
        stats.closedAcksNotRead++;
        refuse(AUDIO_CLOSE_CODES.acksNotRead, 'acknowledgements not read');
        return;
      }
      // The ack's frame as prepared, in one write: ws's send would encode the text and write header
      // and payload as two buffers (cork, writev) for every frame, the busiest path of this thread.
      if (transport) transport.write(frame);
      else socket.send(frame.subarray(2), { binary: false });
    };
    // Coarse acknowledgement (`?ackEvery=N`): bytes and frames since the last ack on this socket.
    let unackedBytes = 0;
    let unackedFrames = 0;
    let previousWasShort = false;
    // Acks held back while the engine is behind (their bytes), oldest first: they leave in order
    // once it catches up. A client that does not wait for them could make this list grow for as
    // long as the engine stays behind, so past MAX_HELD_ACKS later acks merge into the last one.
    const heldAcks: number[] = [];
    const holdAck = (bytes: number): void => {
      if (heldAcks.length < MAX_HELD_ACKS) heldAcks.push(bytes);
      else heldAcks[heldAcks.length - 1]! += bytes;
    };
    const releaseAcks = (): void => {
      if (entry.pipeline.congested) {
        void entry.pipeline.whenUncongested().then(releaseAcks);
        return;
      }
      for (const bytes of heldAcks.splice(0)) sendAck(ack(bytes));
    };
    socket.on('message', (data, isBinary) => {
      if (socket.readyState !== WebSocket.OPEN || entry.socket !== socket) return;
      const problem = frameProblem(data, isBinary);
      if (problem) {
        refuse(problem[0], problem[1]);
        return;
      }
      const frame = data as Buffer;
      // A short frame may end a stretch of audio; a run of them is a flood, not speech.
      const short = frame.byteLength < AUDIO_MIN_FRAME_BYTES;
      if (short && previousWasShort) {
        stats.closedShortFrames++;
        refuse(AUDIO_CLOSE_CODES.frameTooShort, `frames under ${AUDIO_MIN_FRAME_BYTES} bytes in a row`);
        return;
      }
      previousWasShort = short;
      // Over the frame rate: stop reading for as long as it takes to be back under it. TCP slows
      // the sender; frames are delayed, never dropped, so an ack-paced recording just streams slower.
      // A frame counts as one, or as many 100 ms browser frames as it holds: the cap bounds audio
      // per second (20 s) as well as frames, so one socket cannot monopolise an engine worker.
      if (throttle.charge(Math.max(1, frame.byteLength / AUDIO_FRAME_BYTES))) stats.throttled++;
      stats.framesAccepted++;
      store.noteAudio(session);
      entry.pipeline.push(frame);
      unackedBytes += frame.byteLength;
      if (++unackedFrames < ackEvery) return;
      if (heldAcks.length > 0) holdAck(unackedBytes);
      else if (entry.pipeline.congested) {
        // Back-pressure for clients that pace themselves by acks (a recording streamed faster than
        // real time): the ack waits for the engine, so windows are delayed, not dropped.
        holdAck(unackedBytes);
        void entry.pipeline.whenUncongested().then(releaseAcks);
      } else sendAck(ack(unackedBytes));
      unackedBytes = 0;
      unackedFrames = 0;
    });
  }

  return {
    stats,
    /** Take over an HTTP upgrade if it is for an audio path; false leaves it to the caller. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      // The request target is matched as sent: `new URL` throws on targets such as `//` (an empty
      // authority), and a throw in an `upgrade` listener would take the whole process down.
      const target = req.url ?? '/';
      const queryAt = target.indexOf('?');
      const match = AUDIO_PATH.exec(queryAt < 0 ? target : target.slice(0, queryAt));
      if (!match) return false;
      const parsed = parseAudioQuery(queryAt < 0 ? '' : target.slice(queryAt + 1));
      if ('refusal' in parsed) {
        refuseUpgrade(socket, 400, parsed.refusal);
        return true;
      }
      let rawId = '';
      try {
        rawId = decodeURIComponent(match[1]!);
      } catch {
        // A malformed escape cannot name a session; the empty id is refused with 4004.
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, rawId, parsed.query.ackEvery));
      return true;
    },
    /**
     * A newer audio socket of this session opened on another instance (STORE=redis): the newer
     * wins there as here, so this one closes with `replaced` and its engine is freed.
     */
    replacedElsewhere(sessionId: string): void {
      const socket = audio.get(sessionId)?.socket;
      if (!release(sessionId, AUDIO_CLOSE_CODES.replaced, 'replaced by a newer audio socket')) return;
      if (socket) stats.socketsReplaced++;
      logger.info('audio_replaced_elsewhere', { session_id: sessionId });
    },
    /** The pipeline of a session, while it has one (tests wait on `whenIdle`). */
    pipelineOf(sessionId: string): AudioPipeline | undefined {
      return audio.get(sessionId)?.pipeline;
    },
    /** Drop any socket still open (after sessions ended) and stop listening to the store. */
    close(): void {
      stopListening();
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    },
  };
}

