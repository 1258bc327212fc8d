import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const apiDir = `${repoRoot}apps/api`;

/** A running `pnpm start`-equivalent: the API serving the built web app on one port. */
export interface LinnetServer {
  url: string;
  port: number;
  stop(): Promise<number | null>;
  /** Kill the process without warning (SIGKILL), as a crash would; resolves once it is gone. */
  crash(): Promise<void>;
}

/**
 * Environment for `startLinnet` that runs the server as on a machine where better-sqlite3 did not install: a Node
 * module hook (`--import`, registered before the server's own code) answers its import with ERR_MODULE_NOT_FOUND, the
 * error a missing package gives. The server then says `storage: "unavailable"` in /health and refuses keep.
 * @see https://nodejs.org/api/module.html#customization-hooks
 */
export function withoutSqliteDriver(): Record<string, string> {
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === 'better-sqlite3') throw Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: 'ERR_MODULE_NOT_FOUND' });
    return next(specifier, context);
  }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const option = `--import=data:text/javascript,${encodeURIComponent(register)}`;
  return { NODE_OPTIONS: [process.env.NODE_OPTIONS, option].filter(Boolean).join(' ') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Start the built API with the built web app (apps/api/dist and apps/web/dist must exist: `pnpm build`). */
export async function startLinnet(
  env: Record<string, string> = {},
  { port: givenPort, pageHost }: { port?: number; pageHost?: string } = {},
): Promise<LinnetServer> {
  // A given port restarts a server where the page expects it (a crash and restart).
  const port = givenPort ?? (await freePort());
  // Loopback, unless a test opens the page at another address of this machine: then the server listens on all
  // interfaces (a plain-http LAN address is what a phone opens, and it is not a secure context).
  const host = pageHost ?? '127.0.0.1';
  // The production server: the esbuild bundle `pnpm build` writes, run by plain node as `pnpm start` does.
  const child: ChildProcess = spawn(process.execPath, ['dist/server.js'], {
    cwd: apiDir,
    env: { ...process.env, LINNET_PORT: String(port), LINNET_HOST: pageHost ? '0.0.0.0' : '127.0.0.1', LOG_LEVEL: 'warn', LINNET_DB: ':memory:', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://${host}:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Linnet exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('Linnet did not answer /health within 30 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    crash: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    stop: () =>
      new Promise((resolve) => {
        // A crashed server has no exit code, only its signal: it is already gone.
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
