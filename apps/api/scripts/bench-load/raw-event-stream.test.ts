import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDechunker, createSseScanner, openRawEventStream } from './raw-event-stream.js';

let server: Server | null = null;

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = null;
});

/** A real HTTP/1.1 server on a loopback port; `onStream` gets each response (chunked, as Node sends it). */
async function listen(onStream: (res: ServerResponse) => void, status = 200): Promise<number> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    onStream(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('createSseScanner', () => {
  it('yields each message with data once complete, across chunks, skipping heartbeats and data-less blocks', () => {
    const seen: Array<[string, string]> = [];
    const scan = createSseScanner((event, data) => seen.push([event, data]));
    const text = ': heartbeat\n\nevent: tone-event\nid: 1\ndata: {"timestamp":3,"label":"calm – café"}\n\nid: 2\n\ndata: a\ndata: b\n\n: note\nevent: x\ndata: c\n\n';
    const bytes = Buffer.from(text);
    // Split at every byte, including inside the two-byte UTF-8 of "é" and the three of "–".
    for (let i = 0; i < bytes.length; i++) scan(bytes.subarray(i, i + 1));
    expect(seen).toEqual([
      ['tone-event', '{"timestamp":3,"label":"calm – café"}'],
      ['message', 'a\nb'],
      ['x', 'c'],
    ]);
  });
});

describe('createDechunker', () => {
  it('passes on chunk data only, split anywhere, with extensions and the last chunk skipped', () => {
    const out: Buffer[] = [];
    const dechunk = createDechunker((data) => out.push(Buffer.from(data)));
    const body = Buffer.from('5\r\nhello\r\n1a;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n');
    for (let i = 0; i < body.length; i++) dechunk(body.subarray(i, i + 1));
    expect(Buffer.concat(out).toString()).toBe('helloabcdefghijklmnopqrstuvwxyz');
  });
});

describe('openRawEventStream against a Node HTTP server', () => {
  it('receives the events a chunked text/event-stream response writes, in order', async () => {
    const port = await listen((res) => {
      res.write(': heartbeat\n\n');
      res.write('event: tone-event\nid: 1\ndata: {"timestamp":0}\n\n');
      // Two messages in one write, and one message over two writes (two chunks).
      res.write('event: speaker-event\nid: 2\ndata: {"timestamp":0.4}\n\nevent: service-event\nid: 3\ndata: {"code":"x"}\n\n');
      res.write('event: tone-event\nid: 4\nda');
      res.write('ta: {"timestamp":1}\n\n');
    });
    const seen: Array<[string, string]> = [];
    const socket = await openRawEventStream('127.0.0.1', port, '/session/x/stream', (event, data) => seen.push([event, data]));
    await expect.poll(() => seen.length).toBe(4);
    expect(seen).toEqual([
      ['tone-event', '{"timestamp":0}'],
      ['speaker-event', '{"timestamp":0.4}'],
      ['service-event', '{"code":"x"}'],
      ['tone-event', '{"timestamp":1}'],
    ]);
    socket.destroy();
  });

  it('rejects an answer other than 200', async () => {
    const port = await listen((res) => res.end('{"detail":"Session not found","code":"session_not_found"}'), 404);
    await expect(openRawEventStream('127.0.0.1', port, '/session/x/stream', () => undefined)).rejects.toThrow('stream answered HTTP/1.1 404 Not Found');
  });
});
