import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorResponse } from '@linnet/shared';

/**
 * Answer on a bare socket (no ServerResponse: an upgrade, a refused connection, a request Node's
 * parser gave up on) with `status {detail, code}`, then close gracefully: the answer and a FIN,
 * and whatever the client still sends is read and dropped until it closes too, so the kernel does
 * not reset the connection over unread bytes and take the answer with it.
 */
export function endWithJson(socket: Duplex, status: number, body: ErrorResponse, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.on('error', () => socket.destroy());
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n${extra}` +
      `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
  socket.resume();
  // A client that never closes its side is not waited for.
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** How long a refused socket is drained before it is destroyed. */
const LINGER_MS = 2_000;
