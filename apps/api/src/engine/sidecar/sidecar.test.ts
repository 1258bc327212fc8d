import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SidecarClassifyRequestSchema, type SidecarClassifyRequest } from '@linnet/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../../server.js';
import { openSse, type SseTestClient } from '../../testing/sse-client.js';
import { createSidecarEngineFactory, type SidecarStats } from './index.js';

type Reply = (req: SidecarClassifyRequest, res: ServerResponse) => void;

/** The client's timeout where an answer is expected: far beyond any loopback round trip, even on a loaded machine. */
const ANSWER_TIMEOUT_MS = 10_000;
/** The client's timeout in the case about a sidecar too slow to answer (it never does within the test). */
const SLOW_SIDECAR_TIMEOUT_MS = 2_000;

/** A real HTTP server playing cf-voice: records each request and answers with the next reply. */
async function startFakeSidecar(replies: Reply[]) {
  const requests: Array<{ path: string; body: SidecarClassifyRequest }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const body = SidecarClassifyRequestSchema.parse(JSON.parse(text));
      requests.push({ path: req.url ?? '', body });
      const reply = replies[requests.length - 1] ?? replies.at(-1)!;
      reply(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (status: number, body: unknown): Reply => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
};
const goodAnswer: Reply = (req, res) =>
  json(200, {
    events: [
      { event_type: 'tone', label: 'Tense', confidence: 0.8, speaker_id: 'speaker_b', shift_magnitude: 0.6, timestamp: req.timestamp },
      { event_type: 'transcript', label: 'could you hold the line', confidence: 0.9, timestamp: req.timestamp },
      { event_type: 'queue', label: 'hold_music', confidence: 0.7, timestamp: req.timestamp },
    ],
  })(req, res);
/** Starts an answer and keeps streaming it past 1 MiB without ever finishing it. */
const endlessAnswer: Reply = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(`{"events":[${' '.repeat(2 << 20)}`);
};
const silentFor = (ms: number): Reply => (_req, res) => {
  setTimeout(() => json(200, { events: [] })(_req, res), ms).unref();
};

function pcmWindow(samples: number, value: number): Buffer {
  const bytes = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(i % 2 ? value : -value, 2 * i);
  return bytes;
}

describe('sidecar engine against a real HTTP classifier', { timeout: 30_000 }, () => {
  let sidecar: Awaited<ReturnType<typeof startFakeSidecar>>;
  let server: RunningServer;
  let stats: SidecarStats;
  let stream: SseTestClient;
  let socket: WebSocket;
  let sessionId: string;

  /**
   * The client's timeout is what separates a slow sidecar from an answer: a loaded machine once took more than
   * 150 ms for this in-process loopback round trip, so a 500 answer was counted as a timeout. Cases that are
   * not about the timeout get a bound no round trip reaches; the timeout case a short one of its own.
   */
  async function setUp(replies: Reply[], timeoutMs = ANSWER_TIMEOUT_MS) {
    sidecar = await startFakeSidecar(replies);
    const engine = createSidecarEngineFactory({ url: `${sidecar.url}/`, timeoutMs });
    stats = engine.stats;
    server = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', minConfidence: 0.5 },
      engineFactory: engine.factory,
    });
    const res = await fetch(`${server.url}/session/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ elcor: true, window_ms: 500 }),
    });
    sessionId = ((await res.json()) as { session_id: string }).session_id;
    stream = await openSse(`${server.url}/session/${sessionId}/stream`);
    socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${sessionId}/audio`);
    await new Promise((resolve) => socket.once('open', resolve));
  }
  /** Send one 500 ms window and wait until the pipeline has dealt with it. */
  async function sendWindow(value: number) {
    socket.send(pcmWindow(8000, value));
    // Counted once the sidecar answered or the client gave up on it: up to the client's timeout, plus the round trip.
    await expect.poll(() => server.audio.pipelineOf(sessionId)?.stats.windowsAnalysed ?? 0, { timeout: ANSWER_TIMEOUT_MS }).toBeGreaterThan(0);
    await server.audio.pipelineOf(sessionId)!.whenIdle();
  }

  beforeEach(() => {
    sidecar = undefined as never;
  });
  afterEach(async () => {
    stream?.close();
    socket?.close();
    await server?.close();
    await sidecar?.close();
  });

  it('posts each window as base64 PCM and streams the annotated answer', async () => {
    await setUp([goodAnswer]);
    await sendWindow(1234);
    await stream.waitFor((item) => item.kind === 'event' && item.id === 3);
    expect(sidecar.requests).toHaveLength(1);
    const { path, body } = sidecar.requests[0]!;
    expect(path).toBe('/classify');
    expect({ ...body, audio_chunk: undefined }).toEqual({ audio_chunk: undefined, timestamp: 0, elcor: true, session_id: sessionId });
    expect(Buffer.from(body.audio_chunk, 'base64').equals(pcmWindow(8000, 1234))).toBe(true);
    expect(stream.events().map((event) => [event.id, event.event, event.data])).toEqual([
      [
        1,
        'tone-event',
        {
          event_type: 'tone',
          session_id: sessionId,
          label: 'Tense',
          confidence: 0.8,
          speaker_id: 'speaker_b',
          shift_magnitude: 0.6,
          // The engine's trend for a voice's first window: nothing to compare it with yet.
          shift_direction: 'stable',
          timestamp: 0,
          subtext: expect.stringMatching(/^\[Tense/),
          affect: 'frustrated',
          prosody_flags: [],
        },
      ],
      [2, 'transcript-event', { event_type: 'transcript', session_id: sessionId, text: 'could you hold the line', speaker_id: 'speaker_a', timestamp: 0 }],
      [3, 'queue-event', { event_type: 'queue', session_id: sessionId, label: 'hold_music', confidence: 0.7, timestamp: 0 }],
    ]);
    expect(stats).toEqual({ requests: 1, succeeded: 1, failures: { timeout: 0, http_status: 0, network: 0, malformed: 0 } });
  });

  it.each([
    ['a sidecar slower than the timeout', silentFor(60_000), 'timeout', SLOW_SIDECAR_TIMEOUT_MS],
    ['a 500 answer', json(500, { error: 'boom' }), 'http_status', ANSWER_TIMEOUT_MS],
    ['an answer that is not JSON', json(200, '<html>oops</html>'), 'malformed', ANSWER_TIMEOUT_MS],
    ['an answer that runs past 1 MiB (cut off before the timeout)', endlessAnswer, 'malformed', ANSWER_TIMEOUT_MS],
    ['an answer that breaks the contract', json(200, { events: [{ event_type: 'mood', label: 'x', confidence: 3, timestamp: 0 }] }), 'malformed', ANSWER_TIMEOUT_MS],
  ] as const)('drops the window on %s, counts it and keeps the session', async (_name, badReply, kind, timeoutMs) => {
    await setUp([badReply, goodAnswer], timeoutMs);
    await sendWindow(1);
    expect(stats.failures[kind]).toBe(1);
    expect(stats.succeeded).toBe(0);
    expect(stream.events()).toEqual([]);
    // The next window goes through: the session and its stream are intact.
    socket.send(pcmWindow(8000, 2));
    const next = await stream.waitFor((item) => item.kind === 'event', ANSWER_TIMEOUT_MS);
    expect(next).toMatchObject({ id: 1, event: 'tone-event', data: { timestamp: 0.5, label: 'Tense' } });
    expect((await fetch(`${server.url}/session/${sessionId}`)).status).toBe(200);
  });

  it('drops the window when the sidecar is unreachable', async () => {
    await setUp([goodAnswer]);
    await sidecar.close();
    await sendWindow(1);
    expect(stats.failures.network).toBe(1);
    expect((await fetch(`${server.url}/session/${sessionId}`)).status).toBe(200);
  });
});

describe('TONE_ENGINE=sidecar', { timeout: 30_000 }, () => {
  it('is selected from the configuration and reports its counters at /metrics', async () => {
    const sidecar = await startFakeSidecar([json(500, {})]);
    const server = await startServer({ captions: false,
      env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', toneEngine: 'sidecar', cfVoiceUrl: sidecar.url, sidecarTimeoutMs: ANSWER_TIMEOUT_MS },
    });
    try {
      const { session_id: id } = (await (await fetch(`${server.url}/session/start`, { method: 'POST' })).json()) as { session_id: string };
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio`);
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(pcmWindow(16_000, 5));
      await expect.poll(() => sidecar.requests.length, { timeout: ANSWER_TIMEOUT_MS }).toBe(1);
      await expect
        .poll(async () => ((await (await fetch(`${server.url}/metrics`)).json()) as { engine: unknown }).engine, { timeout: ANSWER_TIMEOUT_MS })
        .toEqual({ name: 'sidecar', sidecar: { requests: 1, succeeded: 0, failures: { timeout: 0, http_status: 1, network: 0, malformed: 0 } } });
      socket.close();
    } finally {
      await server.close();
      await sidecar.close();
    }
  });
});
