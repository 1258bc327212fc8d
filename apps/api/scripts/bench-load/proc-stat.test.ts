import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { childPids, clockTicksPerSecond, cpuBetween, parseSchedstatWaitNs, parseStat, parseStatusBytes, readChildrenCpu, type CpuSnapshot } from './proc-stat.js';

// A real /proc/<pid>/stat line of a node process (utime 1523, stime 312).
const NODE_STAT =
  '4242 (node) S 4200 4242 4200 0 -1 4194560 9155 0 0 0 1523 312 0 0 20 0 11 0 123456 1102413824 24010 18446744073709551615 1 1 0 0 0 0 0 16781312 134235650 0 0 0 17 1 0 0 0 0 0';

describe('parseStat', () => {
  it('reads pid, comm, utime and stime', () => {
    expect(parseStat(NODE_STAT)).toEqual({ pid: 4242, comm: 'node', utime: 1523, stime: 312, cutime: 0, cstime: 0 });
  });

  it('counts fields from the last parenthesis, so a comm with spaces and ")" does not shift them', () => {
    const odd = NODE_STAT.replace('(node)', '(a) b (c)');
    expect(parseStat(odd)).toEqual({ pid: 4242, comm: 'a) b (c', utime: 1523, stime: 312, cutime: 0, cstime: 0 });
  });

  it('reads the waited-for children\'s cutime and cstime, fields 16 and 17', () => {
    const bash = '77 (bash) S 1 77 77 0 -1 4194304 500 900 0 0 3 4 250 31 20 0 1 0 99 9000000 800 18446744073709551615';
    expect(parseStat(bash)).toMatchObject({ utime: 3, stime: 4, cutime: 250, cstime: 31 });
  });
});

describe('parseStatusBytes', () => {
  it('reads a kB field in bytes and NaN when it is missing', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';
    expect(parseStatusBytes(status, 'VmRSS')).toBe(102_400 * 1024);
    expect(parseStatusBytes(status, 'VmHWM')).toBe(204_800 * 1024);
    expect(parseStatusBytes(status, 'VmSwap')).toBeNaN();
  });
});

describe('cpuBetween', () => {
  it('splits CPU into main thread and the rest, counting threads that exited in the total', () => {
    const before: CpuSnapshot = {
      totalTicks: 100,
      kernelTicks: 20,
      mainTicks: 80,
      threads: new Map([
        [10, { comm: 'node', ticks: 80 }],
        [11, { comm: 'node', ticks: 15 }],
      ]),
    };
    // Thread 12 started and thread 13 came and went: 5 ticks only the process total remembers.
    const after: CpuSnapshot = {
      totalTicks: 180,
      kernelTicks: 50,
      mainTicks: 130,
      threads: new Map([
        [10, { comm: 'node', ticks: 130 }],
        [11, { comm: 'node', ticks: 30 }],
        [12, { comm: 'libuv-worker', ticks: 10 }],
      ]),
    };
    expect(cpuBetween(before, after, 10, 100)).toEqual({
      mainMs: 500,
      otherMs: 300,
      kernelMs: 300,
      busiestOthers: [
        { tid: 11, comm: 'node', ms: 150 },
        { tid: 12, comm: 'libuv-worker', ms: 100 },
      ],
    });
  });
});

describe('parseSchedstatWaitNs', () => {
  it('reads the run-queue wait, the second of the three schedstat fields', () => {
    expect(parseSchedstatWaitNs('1538207412 92317541 1402\n')).toBe(92_317_541);
  });
});

describe('readChildrenCpu', () => {
  it('counts a grandchild while it lives, once its parent reaped it, and once the parent was reaped too', async () => {
    const ticksPerS = clockTicksPerSecond();
    const before = readChildrenCpu(process.pid);
    // sh (not exec'd away) runs a node that spins until it has used 400 ms of CPU, says so and
    // idles; once that node is killed and reaped, sh says so and sleeps.
    const spin = "const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const t = used(); while (used() - t < 400); console.log('spun'); setTimeout(() => {}, 30000);";
    const child = spawn('sh', ['-c', `${process.execPath} -e "${spin}"; echo reaped; exec sleep 30`], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.setEncoding('utf8');
    const said = (word: string) => new Promise<void>((resolve) => child.stdout.on('data', (text: string) => text.includes(word) && resolve()));
    await said('spun');
    const grandchildLive = readChildrenCpu(process.pid);
    expect(grandchildLive.live).toBe(before.live + 1);
    const spunTicks = grandchildLive.ticks - before.ticks;
    expect(spunTicks).toBeGreaterThanOrEqual(0.4 * ticksPerS);
    const reaped = said('reaped');
    process.kill(childPids(child.pid!)[0]!, 'SIGKILL');
    await reaped;
    const inParentCutime = readChildrenCpu(process.pid);
    expect(inParentCutime.ticks - before.ticks).toBeGreaterThanOrEqual(spunTicks);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const afterReap = readChildrenCpu(process.pid);
    expect(afterReap.live).toBe(before.live);
    expect(afterReap.ticks - before.ticks).toBeGreaterThanOrEqual(spunTicks);
  });
});
