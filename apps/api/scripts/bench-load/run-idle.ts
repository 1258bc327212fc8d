/** `pnpm bench:load --idle K`: server memory held by K idle SSE subscribers. */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SessionResponseSchema } from '@linnet/shared';
import type { BenchArgs } from './args.js';
import type { FromIdleWorker, ToIdleWorker } from './idle-worker.js';
import { countFds, readMemory } from './proc-stat.js';
import { OUT_DIR } from './run-load.js';
import { startServerProcess } from './server-process.js';

type IdleArgs = Extract<BenchArgs, { mode: 'idle' }>;

const SUBSCRIBERS_PER_WORKER = 4_000;
const START_CONCURRENCY = 32;
// Long enough for a heartbeat (SSE_HEARTBEAT_S, 15 s) to reach every subscriber once.
const HOLD_MS = 20_000;
// Descriptors the server needs besides its subscribers: stdio, the listener, epoll, libuv.
const SERVER_SPARE_FDS = 64;
const SOURCE_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The open-files limit (soft) the server will inherit from this process. */
function openFilesLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  return !match || match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

async function startSessions(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  let left = count;
  const starter = async () => {
    while (left-- > 0) {
      const res = await fetch(`${url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (!res.ok) throw new Error(`POST /session/start answered ${res.status}`);
      ids.push(SessionResponseSchema.parse(await res.json()).session_id);
    }
  };
  await Promise.all(Array.from({ length: START_CONCURRENCY }, starter));
  return ids;
}

/** Open K idle subscribers and print the server's resident memory per subscriber. */
export async function runIdle({ subscribers, perSession, entry, serverEnv, workers, cpuProfDir }: IdleArgs): Promise<void> {
  const limit = openFilesLimit();
  if (subscribers + SERVER_SPARE_FDS > limit) {
    throw new Error(
      `${subscribers} subscribers need about ${subscribers + SERVER_SPARE_FDS} open files in the server, but \`ulimit -n\` is ${limit}. ` +
        'Raise it first (shell: `ulimit -n 65536`, which needs the hard limit that high; systemd: LimitNOFILE=65536).',
    );
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const sessionCount = Math.ceil(subscribers / perSession);
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const server = await startServerProcess({ entry, maxSessions: sessionCount + 16, logFile: `${OUT_DIR}server-idle.log`, env: serverEnv, cpuProfDir });
  const workerCount = workers ?? Math.max(1, Math.ceil(subscribers / SUBSCRIBERS_PER_WORKER));
  const children = Array.from({ length: workerCount }, () =>
    fork(fileURLToPath(new URL('./idle-worker.ts', import.meta.url)), { serialization: 'advanced' }),
  );
  try {
    console.log(`bench:load --idle ${subscribers}: ${sessionCount} sessions × ${perSession} subscriber(s), ${workerCount} client process(es), ulimit -n ${limit}`);
    await sleep(2_000);
    const base = readMemory(server.pid).rss;
    const started = Date.now();
    const ids = await startSessions(server.url, sessionCount);
    await sleep(1_000);
    const withSessions = readMemory(server.pid).rss;
    console.log(`started ${ids.length} sessions in ${Date.now() - started} ms`);

    const slots = Array.from({ length: subscribers }, (_, i) => ids[i % ids.length]!);
    const opened = children.map(
      (child) => new Promise<FromIdleWorker>((resolve, reject) => {
        child.once('message', (message: FromIdleWorker) => resolve(message));
        child.once('exit', (code) => reject(new Error(`idle worker exited with ${code}`)));
      }),
    );
    const subscribedAt = Date.now();
    children.forEach((child, w) =>
      child.send({
        type: 'open',
        baseUrl: server.url,
        sessionIds: slots.filter((_, i) => i % workerCount === w),
        localAddresses: SOURCE_ADDRESSES,
      } satisfies ToIdleWorker),
    );
    const results = await Promise.all(opened);
    const open = results.reduce((sum, r) => sum + r.opened, 0);
    const failed = results.reduce((sum, r) => sum + r.failed, 0);
    console.log(`opened ${open} subscribers in ${Date.now() - subscribedAt} ms${failed ? `; ${failed} failed: ${results.find((r) => r.firstError)?.firstError}` : ''}`);
    await sleep(HOLD_MS);
    const held = readMemory(server.pid);
    const fds = countFds(server.pid);
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`server RSS: ${mb(base)} MB at start, ${mb(withSessions)} MB with ${ids.length} sessions, ${mb(held.rss)} MB with ${open} subscribers held ${HOLD_MS / 1000} s (VmHWM ${mb(held.hwm)} MB); ${fds} open fds`);
    console.log(`per subscriber: ${kb((held.rss - withSessions) / open)} KB (subscriber only), ${kb((held.rss - base) / open)} KB (with its share of the sessions)`);
    console.log(`loadavg ${loadBefore} → ${loadAfter}; source addresses ${SOURCE_ADDRESSES.join(', ')}; ephemeral ports ${readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().replace(/\s+/, '-')}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.send({ type: 'finish' } satisfies ToIdleWorker);
    await sleep(300);
    for (const child of children) if (child.exitCode === null) child.kill();
    await server.stop();
  }
}
