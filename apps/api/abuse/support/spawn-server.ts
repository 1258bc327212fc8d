import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built server (`pnpm build`); ABUSE_SERVER_ENTRY points at another build (say, of main, for a before figure). */
const SERVER_ENTRY = process.env.ABUSE_SERVER_ENTRY ?? fileURLToPath(new URL('../../dist/server.js', import.meta.url));

export interface SpawnServerOptions {
  /** Environment on top of the suite's: loopback, port 0, no captions, one engine worker, info logs. */
  env?: Record<string, string>;
  /** Node flags, e.g. `--max-old-space-size=64`. */
  nodeArgs?: string[];
  /** Lead a process group of its own, so a test can signal the whole group (`process.kill(-pid)`). */
  detached?: boolean;
}

/** How the child left. `atMs` is `performance.now()` in this process when it was seen to exit. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  atMs: number;
}

/** One parsed log line of the child (`{"time","level","event",...}`). */
export type LogLine = Record<string, unknown> & { event: string; time: string };

/** A Linnet server running as a child process. */
export interface SpawnedServer {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** Every JSON log line so far, in order. */
  logs: LogLine[];
  exited: Promise<ServerExit>;
  /** Resident set size now, and its peak so far (VmHWM), in MiB, from /proc. */
  memory(): { rssMiB: number; peakMiB: number };
  /** SIGKILL if still running (afterEach), and wait for the exit. */
  kill(): Promise<ServerExit>;
  /** SIGTERM (SIGKILL after 6 s) and wait for the exit: the graceful end, for tests done with it. */
  stop(): Promise<ServerExit>;
}

/** A `kB` field of /proc/<pid>/status in MiB; NaN once the process is gone. */
function procStatusMiB(pid: number, field: string): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return Number.NaN;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Start `node dist/server.js` on a free loopback port; resolves once it logs `server_listening`. */
export async function spawnServer({ env = {}, nodeArgs = [], detached = false }: SpawnServerOptions = {}): Promise<SpawnedServer> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`pnpm --filter @linnet/api build\` first`);
  const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      LINNET_PORT: '0',
      LINNET_HOST: '127.0.0.1',
      TRANSCRIBER: 'off',
      ENGINE_WORKERS: '1',
      LOG_LEVEL: 'info',
      WEB_DIST_DIR: '/nonexistent',
      // Nothing these floods do is kept; a default database would land in the working directory.
      LINNET_DB: ':memory:',
      ...env,
    },
  });
  const logs: LogLine[] = [];
  let stderr = '';
  const exited = new Promise<ServerExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, atMs: performance.now() })),
  );
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        // Not a log line; nothing in Linnet prints others.
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const listening = logs.find((line) => line.event === 'server_listening');
      if (listening) {
        clearInterval(timer);
        resolve(listening.port as number);
      }
    }, 20);
    void exited.then((exit) => {
      clearInterval(timer);
      reject(new Error(`server exited before listening (${exit.code ?? exit.signal}): ${stderr}`));
    });
  });
  const pid = child.pid!;
  return {
    child,
    pid,
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    exited,
    memory: () => ({ rssMiB: procStatusMiB(pid, 'VmRSS'), peakMiB: procStatusMiB(pid, 'VmHWM') }),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 6_000);
      const exit = await exited;
      clearTimeout(killer);
      return exit;
    },
  };
}
