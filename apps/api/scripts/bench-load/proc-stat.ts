/**
 * CPU and memory of another process from Linux /proc, read by the bench (the server is its child),
 * so the server needs no instrumentation. @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The CPU fields of one /proc stat line, in clock ticks. */
export interface StatLine {
  pid: number;
  comm: string;
  utime: number;
  stime: number;
  /** CPU of its children that exited and were waited for (fields 16 and 17), in clock ticks. */
  cutime: number;
  cstime: number;
}

/**
 * Parse `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat`. `comm` sits in parentheses and may
 * itself hold spaces or `)`, so fields are counted from the last `)`: utime and stime are fields 14
 * and 15 of the line, cutime and cstime 16 and 17.
 */
export function parseStat(line: string): StatLine {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 40)}`);
  // After ")" come field 3 (state) onwards; utime is field 14, so index 11 of the rest.
  const rest = line.slice(close + 2).split(' ');
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    utime: Number(rest[11]),
    stime: Number(rest[12]),
    cutime: Number(rest[13]),
    cstime: Number(rest[14]),
  };
}

/** A `kB` field of `/proc/<pid>/status` (VmRSS, VmHWM) in bytes; NaN when absent. */
export function parseStatusBytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Clock ticks per second (USER_HZ), for turning utime/stime into milliseconds. */
export function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** One moment's CPU of a process: all threads so far (exited ones included), its main thread, and each live thread. */
export interface CpuSnapshot {
  totalTicks: number;
  /** The part of `totalTicks` spent in the kernel (stime): system calls, loopback TCP, page faults. */
  kernelTicks: number;
  mainTicks: number;
  threads: Map<number, { comm: string; ticks: number }>;
}

/** Read a process's CPU counters now. */
export function readCpu(pid: number): CpuSnapshot {
  const whole = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const threads = new Map<number, { comm: string; ticks: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const thread = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      threads.set(thread.pid, { comm: thread.comm, ticks: thread.utime + thread.stime });
    } catch {
      // The thread exited between listing and reading; the process total still counts its time.
    }
  }
  return { totalTicks: whole.utime + whole.stime, kernelTicks: whole.stime, mainTicks: threads.get(pid)?.ticks ?? 0, threads };
}

/** CPU used between two snapshots, in ms: main thread, every other thread, and the busiest other threads. */
export interface CpuUsed {
  mainMs: number;
  otherMs: number;
  /** Of main + other, the time in the kernel. */
  kernelMs: number;
  busiestOthers: Array<{ tid: number; comm: string; ms: number }>;
}

/** The CPU a process used between `before` and `after` (the process total minus the main thread is "other"). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, pid: number, ticksPerSecond: number): CpuUsed {
  const msPerTick = 1000 / ticksPerSecond;
  const mainMs = (after.mainTicks - before.mainTicks) * msPerTick;
  const busiestOthers = [...after.threads]
    .filter(([tid]) => tid !== pid)
    .map(([tid, { comm, ticks }]) => ({ tid, comm, ms: (ticks - (before.threads.get(tid)?.ticks ?? 0)) * msPerTick }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 4);
  return {
    mainMs,
    otherMs: (after.totalTicks - before.totalTicks) * msPerTick - mainMs,
    kernelMs: (after.kernelTicks - before.kernelTicks) * msPerTick,
    busiestOthers,
  };
}

/**
 * Nanoseconds a thread has spent runnable but waiting for a CPU (`/proc/<pid>/task/<tid>/schedstat`,
 * second field): how much of its latency the machine's other load, not its own work, explains.
 * @see https://docs.kernel.org/scheduler/sched-stats.html
 */
export function parseSchedstatWaitNs(schedstat: string): number {
  return Number(schedstat.trim().split(/\s+/)[1]);
}

/** Run-queue wait of one thread so far, in ms (NaN where schedstats are unavailable). */
export function readRunQueueWaitMs(pid: number, tid = pid): number {
  try {
    return parseSchedstatWaitNs(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** CPU of a process's child processes (recognisers) at one moment, in clock ticks, and how many were alive. */
export interface ChildrenCpu {
  ticks: number;
  live: number;
}

/** Pids of a process's live children: every thread's `children` list (a child belongs to the thread that forked it). */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return pids;
  }
  for (const tid of tids) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (child) pids.push(Number(child));
    } catch {
      // The thread exited between listing and reading.
    }
  }
  return pids;
}

/** Own CPU and waited-for children's CPU of a live process and of its live descendants, in ticks. */
function subtreeTicks(pid: number): number {
  let stat: StatLine;
  try {
    stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // It exited since it was listed: its parent's cutime/cstime takes its time once reaped.
    return 0;
  }
  let ticks = stat.utime + stat.stime + stat.cutime + stat.cstime;
  for (const child of childPids(pid)) ticks += subtreeTicks(child);
  return ticks;
}

/**
 * CPU of everything a process started, exact without sampling: children already reaped (its own
 * cutime + cstime; Node reaps every child it spawns) plus each live descendant's own and reaped
 * time. A child alive at one reading and reaped by the next moves from the second sum to the
 * first whole, so a difference of two readings counts short-lived recognisers too. Only the
 * grandchildren of a child killed before reaping them (re-parented to init) escape.
 */
export function readChildrenCpu(pid: number): ChildrenCpu {
  const own = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const children = childPids(pid);
  let ticks = own.cutime + own.cstime;
  for (const child of children) ticks += subtreeTicks(child);
  return { ticks, live: children.length };
}

/** Resident and peak-resident memory of a process, in bytes. */
export function readMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: parseStatusBytes(status, 'VmRSS'), hwm: parseStatusBytes(status, 'VmHWM') };
}

/** Open file descriptors of a process. */
export function countFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
