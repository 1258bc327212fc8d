import type { Server, Socket } from 'node:net';
import { endWithJson } from '../lib/raw-response.js';
import { AddressCounter } from './address-counter.js';
import type { ClientAddressResolver } from './client-address.js';

export interface ConnectionLimitsOptions {
  /** MAX_CONNECTIONS: open connections at once, every client together. */
  maxConnections: number;
  /** MAX_CONNECTIONS_PER_CLIENT: open connections from one address (not counted for a trusted proxy). */
  maxConnectionsPerClient: number;
  clientAddress: ClientAddressResolver;
  /** TLS connections cannot be answered in HTTP before their handshake, so they are closed instead. */
  tls: boolean;
}

/** Seconds a refused client is asked to wait: connections are short-lived or long-lived, not in between. */
const CONNECTION_RETRY_AFTER_S = '5';
/**
 * Node's own cap (`server.maxConnections`) sits this far above MAX_CONNECTIONS: it drops a socket
 * without a word, so it is only the backstop behind the 503s, which need a socket to be written on.
 */
const HARD_CAP_HEADROOM = 64;

/**
 * Count connections per client address and in total as they are accepted, and answer those over
 * a limit with 429 (this address) or 503 (the server) and close them.
 */
export function limitConnections(server: Server, { maxConnections, maxConnectionsPerClient, clientAddress, tls }: ConnectionLimitsOptions) {
  const perClient = new AddressCounter(maxConnectionsPerClient);
  let open = 0;
  // Refused sockets still being answered: they count towards Node's hard cap too, so a flood of them
  // must not fill the headroom and make Node drop the connections that are within the limits.
  let answering = 0;
  const stats = { refused_client: 0, refused_total: 0 };
  server.maxConnections = maxConnections + HARD_CAP_HEADROOM;

  // Node's own listeners (the HTTP parser, or TLS) are taken over and run only for connections
  // that are let in: a refused one gets no parser, so a request it sent can never reach the app.
  const admitted = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const peer = clientAddress.ofPeer(socket.remoteAddress);
    // Everyone behind a trusted proxy shares its address; their limit is the proxy's business.
    const counted = !peer.viaTrustedProxy;
    if (open >= maxConnections) {
      stats.refused_total += 1;
      refuse(socket, 503, 'too_many_connections', 'The server has as many connections open as it allows; try again shortly');
      return;
    }
    if (counted && !perClient.tryAcquire(peer.address)) {
      stats.refused_client += 1;
      refuse(socket, 429, 'client_connection_limit', `This address already has ${maxConnectionsPerClient} connections open`);
      return;
    }
    open += 1;
    socket.once('close', () => {
      open -= 1;
      if (counted) perClient.release(peer.address);
    });
    for (const listener of admitted) listener.call(server, socket);
  });

  function refuse(socket: Socket, status: 429 | 503, code: 'client_connection_limit' | 'too_many_connections', detail: string): void {
    if (tls || answering >= HARD_CAP_HEADROOM / 2) {
      socket.destroy();
      return;
    }
    answering += 1;
    socket.once('close', () => (answering -= 1));
    endWithJson(socket, status, { detail, code }, { 'Retry-After': CONNECTION_RETRY_AFTER_S });
  }

  return {
    /** Open connections now and refusals so far, for `/metrics`. */
    metrics: () => ({ open, clients: perClient.addresses, answering_refusals: answering, ...stats }),
  };
}
