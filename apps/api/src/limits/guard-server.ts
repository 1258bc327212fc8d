import type { Server } from 'node:net';
import type { Env } from '../env.js';
import type { ClientAddressResolver } from './client-address.js';
import { onClientError } from './client-error.js';
import { limitConnections } from './connection-limits.js';

type TimeoutEnv = Pick<Env, 'httpHeadersTimeoutS' | 'httpRequestTimeoutS' | 'httpKeepAliveTimeoutS'>;

/**
 * The HTTP server's timeouts, set explicitly rather than left to Node's defaults (a trickled body
 * was held 330 s), as options for `createServer`. Node checks the first two every
 * `connectionsCheckingInterval` (30 s by default), so a slow request is cut at most a second late.
 * @see https://nodejs.org/api/http.html#serverheaderstimeout
 */
export function httpServerOptions(env: TimeoutEnv) {
  const headersTimeout = env.httpHeadersTimeoutS * 1000;
  return {
    headersTimeout,
    requestTimeout: env.httpRequestTimeoutS * 1000,
    keepAliveTimeout: env.httpKeepAliveTimeoutS * 1000,
    connectionsCheckingInterval: 1_000,
    /** TLS only: a handshake gets as long as headers do. */
    handshakeTimeout: headersTimeout,
  };
}

export interface GuardServerOptions {
  env: TimeoutEnv & Pick<Env, 'maxConnections' | 'maxConnectionsPerClient'>;
  clientAddress: ClientAddressResolver;
  tls: boolean;
}

/**
 * Harden a listening-to-be HTTP(S) server: the timeouts (again on the instance, where Node 20 reads
 * `keepAliveTimeout`), JSON answers for requests Node's parser refuses, and the connection limits.
 * Returns the connection counters for `/metrics`.
 */
export function guardServer(server: Server, { env, clientAddress, tls }: GuardServerOptions) {
  const { headersTimeout, requestTimeout, keepAliveTimeout } = httpServerOptions(env);
  Object.assign(server, { headersTimeout, requestTimeout, keepAliveTimeout });
  server.on('clientError', onClientError);
  return limitConnections(server, { maxConnections: env.maxConnections, maxConnectionsPerClient: env.maxConnectionsPerClient, clientAddress, tls }).metrics;
}
