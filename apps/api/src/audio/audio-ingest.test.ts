import { connect } from 'node:net';
import type { EngineEvent } from '@linnet/engine';
import { AUDIO_CLOSE_CODES, AUDIO_MAX_FRAME_BYTES, type LinnetEvent } from '@linnet/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import { WebSocket } from 'ws';
import type { SessionEngine, SessionEngineFactory } from '../engine/tone-engine.js';
import { startServer, type RunningServer } from '../server.js';
import { unmaskedTextFrame } from './audio-ingest.js';
import { streamPcm } from '../testing/audio-client.js';
import { openSse, type SseTestClient } from '../testing/sse-client.js';

/** Test double of the seam: one speaker event per window, carrying the window's mean sample. */
function meanSpeakerEngine(log: string[]): SessionEngineFactory {
  return () => ({
    analyse(window, startS) {
      let sum = 0;
      for (const sample of window) sum += sample;
      log.push(`window ${startS} n=${window.length} mean=${sum / window.length}`);
      return [{ event_type: 'speaker', label: 'human_single', confidence: 0.9, timestamp: startS }];
    },
    dispose() {
      log.push('disposed');
    },
  });
}

/** An async engine whose answers come back in reverse order of asking, unless the pipeline serialises. */
function slowEngine(): SessionEngineFactory {
  let calls = 0;
  return () => ({
    async analyse(_window, startS) {
      const delay = Math.max(1, 40 - 15 * calls++);
      await new Promise((resolve) => setTimeout(resolve, delay));
      return [
        { event_type: 'tone', label: 'Calm', confidence: 0.2, speaker_id: 'speaker_a', shift_magnitude: 0, shift_direction: 'stable', timestamp: startS, subtext: 'low', affect: 'warm', prosody_flags: [] },
        { event_type: 'tone', label: 'Tense', confidence: 0.9, speaker_id: 'speaker_a', shift_magnitude: 0.5, shift_direction: 'escalating', timestamp: startS, subtext: 'high', affect: 'frustrated', prosody_flags: ['loud'] },
      ] satisfies EngineEvent[];
    },
    dispose() {},
  });
}

function frame(samples: number, value: number): Buffer {
  const bytes = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(value, 2 * i);
  return bytes;
}

interface OpenSocket {
  ws: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
}

function openAudio(url: string): Promise<OpenSocket> {
  const ws = new WebSocket(url);
  const messages: unknown[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('error', reject);
  });
}

describe('WS /session/:id/audio', () => {
  let server: RunningServer;
  let engineLog: string[];
  const streams: SseTestClient[] = [];

  async function startSession(body: object = { window_ms: 500 }): Promise<string> {
    const res = await fetch(`${server.url}/session/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await res.json()) as { session_id: string }).session_id;
  }
  const audioUrl = (id: string) => `${server.url.replace('http', 'ws')}/session/${id}/audio`;

  beforeEach(async () => {
    engineLog = [];
    server = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', minConfidence: 0.5 },
      engineFactory: meanSpeakerEngine(engineLog),
    });
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await server.close();
  });

  it('acknowledges each binary frame with its size', async () => {
    const id = await startSession();
    const socket = await openAudio(audioUrl(id));
    socket.ws.send(frame(1600, 0));
    socket.ws.send(frame(10, 0));
    await expect.poll(() => socket.messages.length).toBe(2);
    expect(socket.messages).toEqual([
      { ok: true, bytes: 3200 },
      { ok: true, bytes: 20 },
    ]);
    socket.ws.close();
  });

  it('acknowledges every Nth frame, with their bytes together, when asked with ?ackEvery=N', async () => {
    const id = await startSession({ window_ms: 500 });
    const socket = await openAudio(`${audioUrl(id)}?ackEvery=3`);
    for (let i = 0; i < 7; i++) socket.ws.send(frame(i === 4 ? 800 : 1600, 10));
    await expect.poll(() => socket.messages.length).toBe(2);
    // The seventh frame is taken into the window like the others but waits for the next ack.
    await expect.poll(() => engineLog).toEqual(['window 0 n=8000 mean=10']);
    expect(socket.messages).toEqual([
      { ok: true, bytes: 9600 },
      { ok: true, bytes: 8000 },
    ]);
    socket.ws.close();
  });

  it.each(['0', '601', '2.5', 'often'])('refuses ?ackEvery=%s with 400 invalid_query before upgrading', async (value) => {
    const id = await startSession();
    const ws = new WebSocket(`${audioUrl(id)}?ackEvery=${value}`);
    const refused = await new Promise<{ status?: number; type?: string; body: string }>((resolve) =>
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
      }),
    );
    ws.on('error', () => {});
    expect(refused.status).toBe(400);
    expect(refused.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(refused.body)).toEqual({ code: 'invalid_query', detail: expect.stringMatching(/^Invalid audio query: ackEvery: /) });
  });

  it('turns frames into windows, analyses them and streams the events', async () => {
    const id = await startSession({ window_ms: 500 });
    const stream = await openSse(`${server.url}/session/${id}/stream`);
    streams.push(stream);
    const socket = await openAudio(audioUrl(id));
    // Ten browser-sized frames (100 ms = 1600 samples) make two 500 ms windows.
    for (const value of [10, 10, 10, 10, 10, 20, 20, 20, 20, 20]) socket.ws.send(frame(1600, value));
    await stream.waitFor((item) => item.kind === 'event' && item.id === 2);
    expect(stream.events()).toEqual([
      { kind: 'event', id: 1, event: 'speaker-event', data: { event_type: 'speaker', session_id: id, label: 'human_single', confidence: 0.9, timestamp: 0 } },
      { kind: 'event', id: 2, event: 'speaker-event', data: { event_type: 'speaker', session_id: id, label: 'human_single', confidence: 0.9, timestamp: 0.5 } },
    ]);
    expect(engineLog).toEqual(['window 0 n=8000 mean=10', 'window 0.5 n=8000 mean=20']);
    socket.ws.close();
  });

  it('analyses the partial last window, padded with silence, when the audio socket closes', async () => {
    const id = await startSession({ window_ms: 500 });
    const socket = await openAudio(audioUrl(id));
    for (const value of [10, 10, 10, 10, 10, 40, 40]) socket.ws.send(frame(1600, value));
    await expect.poll(() => socket.messages.length).toBe(7);
    socket.ws.close(1000);
    await socket.closed;
    await expect.poll(() => engineLog.length).toBe(2);
    // 3200 samples of 40 and 4800 of silence in the second 500 ms window.
    expect(engineLog).toEqual(['window 0 n=8000 mean=10', 'window 0.5 n=8000 mean=16']);
  });

  it('closes with 4004 for an unknown session', async () => {
    const socket = await openAudio(audioUrl('AAAAAAAAAAAAAAAAAAAAAA'));
    expect(await socket.closed).toEqual({ code: AUDIO_CLOSE_CODES.sessionNotFound, reason: 'session not found' });
  });

  it('closes with 4004 for a malformed session id', async () => {
    const socket = await openAudio(audioUrl('not.an.id'));
    expect((await socket.closed).code).toBe(AUDIO_CLOSE_CODES.sessionNotFound);
  });

  it.each([
    ['an odd-length frame', Buffer.alloc(3), AUDIO_CLOSE_CODES.oddLength, 'odd-length frame; send whole Int16 samples'],
    ['an empty frame', Buffer.alloc(0), AUDIO_CLOSE_CODES.emptyFrame, 'empty frame'],
    ['a text frame', 'hello', AUDIO_CLOSE_CODES.textFrame, 'text frame; send binary Int16 PCM'],
    ['a frame one byte over the limit', Buffer.alloc(AUDIO_MAX_FRAME_BYTES + 2), AUDIO_CLOSE_CODES.frameTooLarge, `frame over ${AUDIO_MAX_FRAME_BYTES} bytes`],
    ['a frame far over the limit', Buffer.alloc(4 * AUDIO_MAX_FRAME_BYTES), AUDIO_CLOSE_CODES.frameTooLarge, `frame over ${AUDIO_MAX_FRAME_BYTES} bytes`],
  ])('closes on %s with its 4xxx code, leaving the session unharmed', async (_name, payload, code, reason) => {
    const id = await startSession();
    const stream = await openSse(`${server.url}/session/${id}/stream`);
    streams.push(stream);
    const first = await openAudio(audioUrl(id));
    first.ws.send(frame(8000, 5));
    await expect.poll(() => first.messages.length).toBe(1);
    first.ws.send(payload);
    expect(await first.closed).toEqual({ code, reason });
    // The session, its events and its pipeline carry on: a new socket continues the audio clock.
    const res = await fetch(`${server.url}/session/${id}`);
    expect(await res.json()).toEqual({ session_id: id, state: 'running', elcor: false });
    const second = await openAudio(audioUrl(id));
    second.ws.send(frame(8000, 7));
    await stream.waitFor((item) => item.kind === 'event' && item.id === 2);
    expect(stream.events().map((event) => (event.data as LinnetEvent).timestamp)).toEqual([0, 0.5]);
    second.ws.close();
  });

  it('accepts a frame of exactly the maximum size', async () => {
    const id = await startSession();
    const socket = await openAudio(audioUrl(id));
    socket.ws.send(Buffer.alloc(AUDIO_MAX_FRAME_BYTES));
    await expect.poll(() => socket.messages).toEqual([{ ok: true, bytes: AUDIO_MAX_FRAME_BYTES }]);
    socket.ws.close();
  });

  it('closes the socket with 4000 and disposes the engine when the session ends', async () => {
    const id = await startSession();
    const socket = await openAudio(audioUrl(id));
    socket.ws.send(frame(100, 1));
    await expect.poll(() => socket.messages.length).toBe(1);
    await fetch(`${server.url}/session/${id}/end`, { method: 'DELETE' });
    expect(await socket.closed).toEqual({ code: AUDIO_CLOSE_CODES.sessionEnded, reason: 'session ended' });
    expect(engineLog).toEqual(['disposed']);
    expect(server.audio.pipelineOf(id)).toBeUndefined();
  });

  it('answers a WebSocket upgrade on any other path with 404', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/session/x/other`);
    const status = await new Promise<number | undefined>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(404);
  });

  it('answers an upgrade whose target is no valid URL path with 404 and keeps serving', async () => {
    // `//` parses as an empty authority: the upgrade handler must not throw on it.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(
          'GET // HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += String(chunk)));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('survives clients that reset the connection as their upgrade is refused', async () => {
    for (let round = 0; round < 5; round++) {
      await new Promise<void>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => {
          socket.write('GET /session/x/other HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
          socket.resetAndDestroy();
          resolve();
        });
      });
    }
    // An uncaught write error on any of those sockets would fail this file as an unhandled error.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('audio pipeline with an async engine', () => {
  it('keeps window order and drops tone events under MIN_CONFIDENCE', async () => {
    const server = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', minConfidence: 0.5 },
      engineFactory: slowEngine(),
    });
    try {
      const { session_id: id } = (await (await fetch(`${server.url}/session/start`, { method: 'POST' })).json()) as { session_id: string };
      const stream = await openSse(`${server.url}/session/${id}/stream`);
      const socket = await openAudio(`${server.url.replace('http', 'ws')}/session/${id}/audio`);
      for (let i = 0; i < 3; i++) socket.ws.send(frame(16_000, i));
      await stream.waitFor((item) => item.kind === 'event' && item.id === 3);
      expect(stream.events().map((event) => [event.id, event.event, (event.data as LinnetEvent).timestamp, (event.data as { label: string }).label])).toEqual([
        [1, 'tone-event', 0, 'Tense'],
        [2, 'tone-event', 1, 'Tense'],
        [3, 'tone-event', 2, 'Tense'],
      ]);
      expect(server.audio.stats.toneEventsBelowConfidence).toBe(3);
      stream.close();
      socket.ws.close();
    } finally {
      await server.close();
    }
  });

  it('logs and drops a window whose analysis fails, keeping the session', async () => {
    let calls = 0;
    const flaky: SessionEngineFactory = (): SessionEngine => ({
      analyse(_window, startS) {
        if (calls++ === 0) throw new Error('engine hiccup');
        return [{ event_type: 'environ', label: 'quiet', confidence: 0.7, timestamp: startS }];
      },
      dispose() {},
    });
    const server = await startServer({ captions: false, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent' }, engineFactory: flaky });
    try {
      const { session_id: id } = (await (await fetch(`${server.url}/session/start`, { method: 'POST' })).json()) as { session_id: string };
      const stream = await openSse(`${server.url}/session/${id}/stream`);
      const socket = await openAudio(`${server.url.replace('http', 'ws')}/session/${id}/audio`);
      socket.ws.send(frame(16_000, 1));
      socket.ws.send(frame(16_000, 1));
      const item = await stream.waitFor((entry) => entry.kind === 'event');
      expect(item).toEqual({ kind: 'event', id: 1, event: 'environ-event', data: { event_type: 'environ', session_id: id, label: 'quiet', confidence: 0.7, timestamp: 1 } });
      expect(server.audio.stats.engineErrors).toBe(1);
      stream.close();
      socket.ws.close();
    } finally {
      await server.close();
    }
  });
});

describe('ack back-pressure', () => {
  it('holds acks while the engine is behind, so an ack-paced stream is slowed instead of losing windows', async () => {
    // An engine that answers in order but slower than the client can send (30 ms per 500 ms window).
    const lagging: SessionEngineFactory = (): SessionEngine => ({
      answersInOrder: true,
      analyse: (_window, startS) =>
        new Promise<EngineEvent[]>((resolve) =>
          setTimeout(() => resolve([{ event_type: 'environ', label: 'quiet', confidence: 0.7, timestamp: startS }]), 30),
        ),
      dispose() {},
    });
    const server = await startServer({ captions: false, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent' }, engineFactory: lagging });
    try {
      const start = await fetch(`${server.url}/session/start`, { method: 'POST', body: JSON.stringify({ window_ms: 500 }), headers: { 'content-type': 'application/json' } });
      const { session_id: id } = (await start.json()) as { session_id: string };
      // 40 windows of 500 ms as 200 frames, each sent once the previous one is acked.
      const { ackedBytes } = await streamPcm(server.url, id, new Int16Array(16_000 * 20).fill(100));
      expect(ackedBytes).toHaveLength(200);
      await server.audio.pipelineOf(id)!.whenIdle();
      expect(server.audio.stats).toMatchObject({ windowsDropped: 0, windowsAnalysed: 40 });
    } finally {
      await server.close();
    }
  });
});

describe('unmaskedTextFrame', () => {
  it('is byte for byte the frame ws sends for the same text from a server', () => {
    // ws exports its Sender at run time; @types/ws does not declare it.
    type FrameOptions = { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean };
    const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };
    for (const text of ['{"ok":true,"bytes":3200}', '', 'x'.repeat(125)]) {
      const fromWs = Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false });
      expect(unmaskedTextFrame(text).equals(Buffer.concat(fromWs))).toBe(true);
    }
    expect(() => unmaskedTextFrame('x'.repeat(126))).toThrow(RangeError);
  });
});
