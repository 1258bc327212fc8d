import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  AUDIO_CLOSE_CODES,
  AUDIO_MAX_FRAME_BYTES,
  AUDIO_SAMPLE_RATE,
  AudioFrameSchema,
  SessionIdSchema,
  type ErrorResponse,
  type LinnetEvent,
} from '@linnet/shared';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { CaptionsService, SessionCaptions } from '../captions/captions-service.js';
import type { SessionEngineFactory } from '../engine/tone-engine.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { Session, SessionStore } from '../sessions/session-store.js';
import { AudioPipeline, createPipelineStats } from './audio-pipeline.js';
import { parseAudioQuery } from './audio-query.js';

export interface AudioIngestOptions {
  store: SessionStore;
  engineFactory: SessionEngineFactory;
  /** Tone events under this confidence are not published (MIN_CONFIDENCE). */
  minConfidence: number;
  /** Live captions; without it sessions get tone labels only. */
  captions?: CaptionsService;
  logger?: Logger;
}

const AUDIO_PATH = /^\/session\/([^/]+)\/audio\/?$/;

/** A session's audio: one pipeline kept across reconnects, so audio time runs on. */
interface SessionAudio {
  pipeline: AudioPipeline;
  sockets: Set<WebSocket>;
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
export function createAudioIngest({ store, engineFactory, minConfidence, captions: captionsService, logger = silentLogger }: AudioIngestOptions) {
  // maxPayload = the limit itself: anything larger is refused before it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: AUDIO_MAX_FRAME_BYTES, perMessageDeflate: false });
  const audio = new Map<string, SessionAudio>();
  const stats = createPipelineStats();
  const ackCache = new Map<number, string>();

  function ack(bytes: number): string {
    let text = ackCache.get(bytes);
    if (!text) {
      text = JSON.stringify({ ok: true, bytes });
      if (ackCache.size < 64) ackCache.set(bytes, text);
    }
    return text;
  }

  function audioFor(session: Session): SessionAudio {
    let entry = audio.get(session.id);
    if (!entry) {
      const engine = engineFactory({
        sessionId: session.id,
        elcor: session.elcor,
        windowMs: session.windowMs,
        sampleRate: AUDIO_SAMPLE_RATE,
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
      });
      entry = { pipeline, sockets: new Set(), captions };
      audio.set(session.id, entry);
    }
    return entry;
  }

  const stopListening = store.onEnd((session) => {
    const entry = audio.get(session.id);
    if (!entry) return;
    audio.delete(session.id);
    for (const socket of entry.sockets) socket.close(AUDIO_CLOSE_CODES.sessionEnded, 'session ended');
    entry.sockets.clear();
    entry.pipeline.dispose();
    entry.captions?.close();
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
    entry.sockets.add(socket);
    logger.info('audio_connected', { session_id: session.id });
    socket.on('close', (code) => {
      entry.sockets.delete(socket);
      // The last socket of a live session went away (mic off): its final partial window still counts.
      if (entry.sockets.size === 0) {
        entry.pipeline.finishStream();
        entry.captions?.flush();
      }
      logger.info('audio_closed', { session_id: session.id, code });
    });
    // Coarse acknowledgement (`?ackEvery=N`): bytes and frames since the last ack on this socket.
    let unackedBytes = 0;
    let unackedFrames = 0;
    // Acks held back while the engine is behind, oldest first: they leave in order once it catches up.
    const heldAcks: string[] = [];
    const releaseAcks = (): void => {
      if (entry.pipeline.congested) {
        void entry.pipeline.whenUncongested().then(releaseAcks);
        return;
      }
      for (const text of heldAcks.splice(0)) if (socket.readyState === WebSocket.OPEN) socket.send(text);
    };
    socket.on('message', (data, isBinary) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      const problem = frameProblem(data, isBinary);
      if (problem) {
        logger.warn('audio_frame_refused', { session_id: session.id, code: problem[0] });
        socket.close(problem[0], problem[1]);
        return;
      }
      const frame = data as Buffer;
      entry.pipeline.push(frame);
      unackedBytes += frame.byteLength;
      if (++unackedFrames < ackEvery) return;
      const text = ack(unackedBytes);
      if (heldAcks.length > 0) heldAcks.push(text);
      else if (entry.pipeline.congested) {
        // Back-pressure for clients that pace themselves by acks (a recording streamed faster than
        // real time): the ack waits for the engine, so windows are delayed, not dropped.
        heldAcks.push(text);
        void entry.pipeline.whenUncongested().then(releaseAcks);
      } else socket.send(text);
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

