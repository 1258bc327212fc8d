import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { SessionEngineFactory } from '../engine/tone-engine.js';
import type { Env } from '../env.js';
import { createLogger } from '../lib/logger.js';
import { startServer, type RunningServer } from '../server.js';
import { openSse } from '../testing/sse-client.js';

const base: Partial<Env> = { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent' };
// No audio flows here: an in-process engine spares each test the worker pool's start-up.
const idleEngine: SessionEngineFactory = () => ({ analyse: () => [], dispose() {} });

/** What a raw TCP client saw: everything the server sent, and whether it closed with a FIN or a reset. */
interface RawOutcome {
  text: string;
  closedBy: 'end' | 'reset';
  afterMs: number;
}

async function rawSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** Collect what arrives on `socket` until the server closes it. */
function outcome(socket: Socket): Promise<RawOutcome> {
  const began = Date.now();
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  return new Promise((resolve) => {
    socket.once('end', () => {
      resolve({ text, closedBy: 'end', afterMs: Date.now() - began });
      socket.destroy();
    });
    socket.once('error', () => resolve({ text, closedBy: 'reset', afterMs: Date.now() - began }));
  });
}

function jsonBody(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
}

describe('the listening server under abuse', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server?.close();
  });

  async function open(): Promise<Socket> {
    const socket = await rawSocket(server.port);
    sockets.push(socket);
    return socket;
  }

  it('answers a malformed request with a JSON 400 and a graceful close, not a reset', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: base });
    const socket = await open();
    const seen = outcome(socket);
    socket.write('GARBAGE / NOT-HTTP\r\n\r\nmore bytes the parser never reads');
    const { text, closedBy } = await seen;
    expect(closedBy).toBe('end');
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('Content-Type: application/json');
    expect(jsonBody(text)).toEqual({ code: 'invalid_request', detail: 'The request is not valid HTTP' });
  });

  it('answers oversized headers with a JSON 431', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: base });
    const socket = await open();
    const seen = outcome(socket);
    socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const { text } = await seen;
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(jsonBody(text)).toEqual({ code: 'headers_too_large', detail: 'The request headers are too large' });
  });

  it('cuts trickled headers at HTTP_HEADERS_TIMEOUT_S and a trickled body at HTTP_REQUEST_TIMEOUT_S with a JSON 408', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: { ...base, httpHeadersTimeoutS: 1, httpRequestTimeoutS: 2 } });
    const [headers, body] = [await open(), await open()];
    const [headersSeen, bodySeen] = [outcome(headers), outcome(body)];
    headers.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    body.write('POST /session/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    const trickle = setInterval(() => {
      if (headers.writable) headers.write('X-A: b\r\n');
      if (body.writable) body.write(' ');
    }, 200);
    const [cutHeaders, cutBody] = await Promise.all([headersSeen, bodySeen]);
    clearInterval(trickle);
    for (const cut of [cutHeaders, cutBody]) {
      expect(cut.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(jsonBody(cut.text)).toEqual({ code: 'request_timeout', detail: 'The request did not arrive in time' });
    }
    // Node checks its timers every second (connectionsCheckingInterval), hence the margin.
    expect(cutHeaders.afterMs).toBeGreaterThanOrEqual(900);
    expect(cutHeaders.afterMs).toBeLessThan(3_500);
    expect(cutBody.afterMs).toBeGreaterThanOrEqual(1_900);
    expect(cutBody.afterMs).toBeLessThan(4_500);
    expect(server.store.size).toBe(0);
  });

  it('leaves event streams and audio sockets open past the request timeouts: those bound only the request', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: { ...base, httpHeadersTimeoutS: 1, httpRequestTimeoutS: 1 }, sse: { heartbeatMs: 200 } });
    const { id } = server.store.create({ elcor: false, windowMs: 1000 });
    const stream = await openSse(`${server.url}/session/${id}/stream`);
    const audio = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio`);
    await new Promise((resolve, reject) => audio.once('open', resolve).once('error', reject));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const ack = new Promise((resolve) => audio.once('message', (data) => resolve(JSON.parse(String(data)))));
    audio.send(Buffer.alloc(3200));
    expect(await ack).toEqual({ ok: true, bytes: 3200 });
    const beats = stream.items.length;
    await stream.waitFor((item) => item.kind === 'comment', 2_000, beats);
    expect(server.store.get(id)?.subscribers).toBe(1);
    audio.close();
    stream.close();
  });

  it('answers a connection beyond MAX_CONNECTIONS_PER_CLIENT with 429 and Retry-After, and lets it in once one closes', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: { ...base, maxConnectionsPerClient: 3 } });
    const held = [await open(), await open(), await open()];
    const refused = await open();
    const { text, closedBy } = await outcome(refused);
    expect(closedBy).toBe('end');
    expect(text).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n/);
    expect(text).toContain('Retry-After: 5\r\n');
    expect(jsonBody(text)).toEqual({ code: 'client_connection_limit', detail: 'This address already has 3 connections open' });
    held[0]!.destroy();
    await expect.poll(async () => (await fetch(`${server.url}/health`).catch(() => null))?.status).toBe(200);
  });

  it('never lets a refused connection’s request reach the app', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: { ...base, maxConnectionsPerClient: 1 } });
    await open();
    const refused = await open();
    const seen = outcome(refused);
    refused.write('POST /session/start HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    expect((await seen).text).toMatch(/^HTTP\/1\.1 429 /);
    expect(server.store.size).toBe(0);
  });

  it('keeps serving clients within the limits while another floods it with refused connections that never close', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: { ...base, maxConnections: 4, maxConnectionsPerClient: 2 } });
    await open();
    await open();
    // Node's own cap is MAX_CONNECTIONS + 64 = 68 sockets, refused ones included.
    for (let i = 0; i < 100; i++) await open();
    const other = connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    sockets.push(other);
    await new Promise<void>((resolve, reject) => other.once('connect', resolve).once('error', reject));
    const seen = outcome(other);
    other.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect((await seen).text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('answers a connection beyond MAX_CONNECTIONS with 503', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: { ...base, maxConnections: 2 } });
    await open();
    await open();
    const { text } = await outcome(await open());
    expect(text).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(jsonBody(text)).toEqual({ code: 'too_many_connections', detail: 'The server has as many connections open as it allows; try again shortly' });
  });

  it('refuses an audio WebSocket upgrade from a foreign Origin with 403, and accepts its own origin and none', async () => {
    server = await startServer({ captions: false, engineFactory: idleEngine, env: base });
    const { id } = server.store.create({ elcor: false, windowMs: 1000 });
    const url = `${server.url.replace('http', 'ws')}/session/${id}/audio`;
    const status = (origin?: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(url, origin ? { origin } : {});
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', () => undefined);
      });
    expect(await status('https://evil.example')).toBe(403);
    expect(await status(server.url)).toBe(101);
    expect(await status()).toBe(101);
  });

  it('warns at start-up when listening beyond loopback without TLS, and not on loopback', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    server = await startServer({ captions: false, engineFactory: idleEngine, env: { ...base, host: '0.0.0.0' }, logger });
    await server.close();
    server = await startServer({ captions: false, engineFactory: idleEngine, env: base, logger });
    const warnings = lines.map((line) => JSON.parse(line) as { event: string; host?: string });
    expect(warnings.filter((line) => line.event === 'listening_without_tls')).toEqual([
      expect.objectContaining({ event: 'listening_without_tls', host: '0.0.0.0' }),
    ]);
  });
});
