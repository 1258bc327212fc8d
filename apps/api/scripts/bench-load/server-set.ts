/**
 * The servers a load run measures: one instance (STORE=memory, as `pnpm start` runs), or with
 * `--cluster K` K instances sharing sessions through one redis-server they all use (STORE=redis),
 * each its own process, so /proc gives each one's CPU and memory.
 */
import { startTestRedis, type TestRedis } from '../../src/testing/redis-server.js';
import { cpuBetween, readChildrenCpu, readCpu, readMemory, readRunQueueWaitMs, type ChildrenCpu, type CpuSnapshot, type CpuUsed } from './proc-stat.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export interface ServerSet {
  urls: string[];
  /** Every process that serves (instances, then Redis): their CPU is the cost measured. */
  pids(): number[];
  /** The instances alone, in `urls` order: the recognisers are their children (Redis is the bench's). */
  instancePids: number[];
  describe(): string;
  stop(): Promise<void>;
}

export interface ServerSetOptions {
  entry: string;
  maxSessions: number;
  /** 1: one STORE=memory instance; more: that many STORE=redis instances and a Redis. */
  instances: number;
  logFile: (index: number) => string;
  /** Given to every instance, after STORE and REDIS_URL (so it may override them). */
  env: Record<string, string>;
  /** Every instance runs under `node --cpu-prof` into this directory (V8 names each file by pid). */
  cpuProfDir?: string | null;
}

/** Start the instances (and Redis) and wait until each answers /health. */
export async function startServerSet({ entry, maxSessions, instances, logFile, env, cpuProfDir = null }: ServerSetOptions): Promise<ServerSet> {
  let redis: TestRedis | null = null;
  const servers: ServerProcess[] = [];
  try {
    if (instances > 1) redis = await startTestRedis();
    const shared: Record<string, string> = redis ? { STORE: 'redis', REDIS_URL: redis.url } : {};
    for (let i = 0; i < instances; i++) servers.push(await startServerProcess({ entry, maxSessions, logFile: logFile(i), env: { ...shared, ...env }, cpuProfDir }));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
    throw error;
  }
  return {
    urls: servers.map((server) => server.url),
    pids: () => [...servers.map((server) => server.pid), ...(redis ? [redis.pid] : [])],
    instancePids: servers.map((server) => server.pid),
    describe: () =>
      redis
        ? `${instances} instances (STORE=redis) pids ${servers.map((s) => s.pid).join(', ')} through redis-server pid ${redis.pid}`
        : `one instance (STORE=memory) pid ${servers[0]!.pid}`,
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      await redis?.stop();
    },
  };
}

/** CPU snapshots of every process of a set. */
export function readSetCpu(pids: number[]): CpuSnapshot[] {
  return pids.map((pid) => readCpu(pid));
}

/** The CPU of every process between two snapshots, added up (busiest other threads of all of them). */
export function setCpuBetween(before: CpuSnapshot[], after: CpuSnapshot[], pids: number[], ticks: number): CpuUsed {
  const each = pids.map((pid, i) => cpuBetween(before[i]!, after[i]!, pid, ticks));
  return {
    mainMs: each.reduce((sum, used) => sum + used.mainMs, 0),
    otherMs: each.reduce((sum, used) => sum + used.otherMs, 0),
    kernelMs: each.reduce((sum, used) => sum + used.kernelMs, 0),
    busiestOthers: each.flatMap((used) => used.busiestOthers).sort((a, b) => b.ms - a.ms).slice(0, 4),
  };
}

/** CPU and count of the recognisers (child processes) of every instance, added up. */
export function readSetChildrenCpu(instancePids: number[]): ChildrenCpu {
  return instancePids.map((pid) => readChildrenCpu(pid)).reduce((sum, c) => ({ ticks: sum.ticks + c.ticks, live: sum.live + c.live }), { ticks: 0, live: 0 });
}

/** Main-thread run-queue wait of every process, added up. */
export function setRunQueueWaitMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + readRunQueueWaitMs(pid), 0);
}

/** Resident memory of every process, added up. */
export function setMemory(pids: number[]): { rss: number; hwm: number } {
  return pids.map((pid) => readMemory(pid)).reduce((sum, m) => ({ rss: sum.rss + m.rss, hwm: sum.hwm + m.hwm }), { rss: 0, hwm: 0 });
}
