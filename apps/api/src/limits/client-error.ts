import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorResponse } from '@linnet/shared';
import { endWithJson } from '../lib/raw-response.js';

/** The parts of Node's parser errors the answer depends on. */
interface ClientErrorLike {
  code?: string;
}

const answered = new WeakSet<Duplex>();

/** What a request Node's parser refused is told: the status and `{detail, code}`. */
function answerFor({ code }: ClientErrorLike): [status: number, body: ErrorResponse] {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, { code: 'request_timeout', detail: 'The request did not arrive in time' }];
    case 'HPE_HEADER_OVERFLOW':
      return [431, { code: 'headers_too_large', detail: 'The request headers are too large' }];
    default:
      return [400, { code: 'invalid_request', detail: 'The request is not valid HTTP' }];
  }
}

/**
 * `server.on('clientError', onClientError)`: a malformed, oversized or too-slow request gets a
 * JSON 400/408/431 and a graceful close instead of Node's bare reply and a reset.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
export function onClientError(error: ClientErrorLike, socket: Duplex): void {
  // Node's parser reports each later chunk of a broken request again; the first answer stands.
  if (answered.has(socket)) return;
  answered.add(socket);
  // A response already under way on this socket (an event stream) must not be corrupted mid-body.
  const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, body] = answerFor(error);
  endWithJson(socket, status, body);
}
