/**
 * The load generator's SSE subscriber: one HTTP/1.1 GET on a plain TCP socket, the chunked body
 * undone and `text/event-stream` split into messages on bytes. Only messages with a `data:`
 * field reach the caller, as `event` name and data text; heartbeats (comments) cost a search for
 * the blank line and nothing more.
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-7.1 (chunked transfer coding)
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import type { Socket } from 'node:net';
import { connectReading } from './raw-websocket.js';

export type SseHandler = (event: string, data: string) => void;

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;

/**
 * Returns a function fed raw body bytes of a chunked response that hands on the chunks' data.
 * Chunk extensions are skipped; the last chunk (size 0) ends the stream and is not passed on.
 */
export function createDechunker(onData: (data: Buffer) => void): (bytes: Buffer) => void {
  // size: reading the hex size line; data: `remaining` bytes to pass on; crlf: the CRLF after data.
  let state: 'size' | 'data' | 'crlf' = 'size';
  let size = 0;
  let inExtension = false;
  let remaining = 0;
  let crlfLeft = 0;
  return (bytes) => {
    let at = 0;
    while (at < bytes.length) {
      if (state === 'size') {
        const byte = bytes[at++]!;
        if (byte === LF) {
          state = size === 0 ? 'size' : 'data';
          remaining = size;
          size = 0;
          inExtension = false;
        } else if (byte === CR || inExtension) continue;
        else if (byte === 0x3b) inExtension = true; // ';' starts a chunk extension
        else size = size * 16 + Number.parseInt(String.fromCharCode(byte), 16);
      } else if (state === 'data') {
        const take = Math.min(remaining, bytes.length - at);
        onData(bytes.subarray(at, at + take));
        at += take;
        remaining -= take;
        if (remaining === 0) {
          state = 'crlf';
          crlfLeft = 2;
        }
      } else {
        at += 1;
        if (--crlfLeft === 0) state = 'size';
      }
    }
  };
}

/**
 * Returns a function fed `text/event-stream` bytes that calls `onEvent` once per complete message
 * holding data. Lines end in LF (what Linnet's server writes); a message ends at a blank line.
 */
export function createSseScanner(onEvent: SseHandler): (bytes: Buffer) => void {
  let held: Buffer | null = null;
  return (bytes) => {
    let buffer = held ? Buffer.concat([held, bytes]) : bytes;
    held = null;
    let start = 0;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n', start)) >= 0) {
      // A block of one comment line (`: heartbeat`) is skipped without decoding it.
      if (buffer[start] !== COLON || buffer.indexOf(LF, start) < boundary) dispatch(buffer.subarray(start, boundary).toString('utf8'), onEvent);
      start = boundary + 2;
    }
    if (start < buffer.length) {
      buffer = buffer.subarray(start);
      // Copied: the socket's chunk may be reused by the caller.
      held = Buffer.from(buffer);
    }
  };
}

function dispatch(block: string, onEvent: SseHandler): void {
  let event = 'message';
  let data: string | null = null;
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(line[6] === ' ' ? 7 : 6);
    else if (line.startsWith('data:')) {
      const value = line.slice(line[5] === ' ' ? 6 : 5);
      data = data === null ? value : `${data}\n${value}`;
    }
  }
  if (data !== null) onEvent(event, data);
}

/**
 * Subscribe to `http://host:port/path` as EventSource would (Accept: text/event-stream) and feed
 * each message to `onEvent`. Resolves with the socket once a 200 chunked answer's headers are in.
 */
export function openRawEventStream(host: string, port: number, path: string, onEvent: SseHandler): Promise<Socket> {
  const dechunk = createDechunker(createSseScanner(onEvent));
  const checkAnswer = (head: string): string | null => {
    const statusLine = head.slice(0, head.indexOf('\r\n'));
    return /^HTTP\/1\.1 200 /.test(statusLine) && /\r\ntransfer-encoding: chunked/i.test(head) ? null : `stream answered ${statusLine}`;
  };
  const request = `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`;
  return connectReading(host, port, request, checkAnswer, (chunk, length) => dechunk(chunk.subarray(0, length)));
}
