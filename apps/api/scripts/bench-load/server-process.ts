/**
 * The server under test, as a separate process the bench spawns: its own pid, so /proc shows its CPU
 * and memory alone, and production-like settings on a free loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** The server as `pnpm start` runs it: the esbuild bundle on plain node (root `bench:load` builds it first). */
export const DEFAULT_SERVER_ENTRY = `${API_DIR}dist/server.js`;

export interface ServerProcessOptions {
  /** Entry file: `.ts` runs through tsx, `.js` (a compiled build) runs on plain node. */
  entry: string;
  maxSessions: number;
  /** Server stdout and stderr go here, not through the bench's event loop. */
  logFile: string;
  /** Extra environment, e.g. a worker-pool size. */
  env?: Record<string, string>;
  /** Run under `node --cpu-prof`, writing the profiles here (V8 writes them as the process exits). */
  cpuProfDir?: string | null;
}

export interface ServerProcess {
  pid: number;
  url: string;
  child: ChildProcess;
  /** SIGTERM, then wait for the exit (SIGKILL after 6 s). */
  stop(): Promise<void>;
}

/** A loopback port nothing listens on right now. */
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

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering /health`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer /health within ${timeoutMs} ms`);
}

/** Spawn the server with production-like settings and wait until it answers /health. */
export async function startServerProcess({ entry, maxSessions, logFile, env = {}, cpuProfDir = null }: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const log = openSync(logFile, 'w');
  if (!existsSync(entry)) throw new Error(`server entry ${entry} does not exist (run \`pnpm build\`, or pass --entry src/server.ts)`);
  // `node --import tsx` (not the tsx CLI, which forks) keeps the server in the process we spawn.
  // NODE_OPTIONS refuses --cpu-prof, so it goes on the command line.
  const profiling = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const args = [...profiling, ...(entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry])];
  const child = spawn(process.execPath, args, {
    cwd: API_DIR,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LINNET_HOST: '127.0.0.1',
      LINNET_PORT: String(port),
      MAX_SESSIONS: String(maxSessions),
      // Every bench client shares one loopback address: the per-client limits would cap the bench,
      // not the server, so they are lifted to the server-wide ones.
      MAX_SESSIONS_PER_CLIENT: String(maxSessions),
      MAX_SUBSCRIBERS_PER_SESSION: '10000',
      MAX_SUBSCRIBERS_PER_CLIENT: '1000000',
      MAX_CONNECTIONS: '1000000',
      MAX_CONNECTIONS_PER_CLIENT: '1000000',
      // Per-connection info lines would cost the server CPU a production log level does not.
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForHealth(url, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    pid: child.pid!,
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 6_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
