/**
 * The compiled server (`pnpm build` writes apps/api/dist/server.js) as a child process on a free
 * loopback port, for the limits, timeouts and origins findings: each test sees the server exactly
 * as `pnpm start` runs it, with the environment it is given and otherwise the defaults.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_ENTRY = `${API_DIR}dist/server.js`;

export interface LimitsServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Lines the server wrote to stdout, parsed (JSON log lines). */
  logLines(): Array<Record<string, unknown>>;
  /** SIGTERM and wait for the exit (SIGKILL after 6 s). */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Spawn the built server with `env` on top of its defaults and wait until it answers /health. */
export async function startLimitsServer(env: Record<string, string> = {}): Promise<LimitsServer> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} does not exist: run \`pnpm build\` first`);
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: API_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LINNET_HOST: '127.0.0.1', LINNET_PORT: String(port), LOG_LEVEL: 'warn', TRANSCRIBER: 'off', ENGINE_WORKERS: '1', LINNET_DB: ':memory:', ...env },
  });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering /health`);
    if ((await fetch(`${url}/health`).catch(() => null))?.ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not answer /health within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    child,
    logLines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 6_000);
      await exited;
      clearTimeout(killer);
    },
  };
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
