/**
 * For the limits, timeouts and origins findings: the compiled server as a child process
 * (`spawnServer`) serving the built web app too, and clients that choose their loopback source
 * address, as different machines would.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawnServer, type SpawnedServer } from './spawn-server.js';

/** The built web app, so the app's own pages (and their headers) are served as `pnpm start` serves them. */
const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export type LimitsServer = SpawnedServer;

/** The built server with `env` on top of the suite's defaults, serving the built web app. */
export function startLimitsServer(env: Record<string, string> = {}): Promise<LimitsServer> {
  return spawnServer({ env: { WEB_DIST_DIR, ...env } });
}

/** One HTTP answer, read whole. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP request from a chosen loopback source address (`127.0.0.2` is another client to the
 * server, on the same machine), which `fetch` cannot choose.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Open an event stream from `localAddress` and keep it open without reading past its headers, as
 * `curl -N` left running does; resolves with the status and the raw socket.
 */
export function holdStream(localAddress: string, port: number, path: string): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.once('data', (chunk: Buffer) => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 0);
      resolve({ status, socket });
    });
  });
}
