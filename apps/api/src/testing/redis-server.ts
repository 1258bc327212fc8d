import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

/** A throwaway redis-server on a loopback port, with nothing written to disk. */
export interface TestRedis {
  url: string;
  port: number;
  /** The redis-server process now running (it changes with `restart`). */
  readonly pid: number;
  /** Kill it at once (SIGKILL), as a crashed Redis would go. */
  kill(): Promise<void>;
  /** Start it again on the same port, empty (it never saved anything). */
  restart(): Promise<void>;
  /** Stop it for good. */
  stop(): Promise<void>;
}

/** A port the kernel just handed out on loopback; another process could take it, which is rare enough for tests. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Ready once it answers on its port: poll a connection rather than parse its log.
  const deadline = Date.now() + 5_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
    const open = await new Promise<boolean>((resolve) => {
      const probe = new Socket();
      probe.once('connect', () => (probe.destroy(), resolve(true)));
      probe.once('error', () => resolve(false));
      probe.connect(port, '127.0.0.1');
    });
    if (open) return child;
    if (Date.now() > deadline) throw new Error(`redis-server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Start a redis-server (Debian's `redis-server` on PATH) for one test file. */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid!;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      child = await launch(port);
    },
    async stop() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}
