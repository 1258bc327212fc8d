/** `pnpm bench:load N SECONDS`: N real-time speech sessions against a freshly spawned server. */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AUDIO_FRAME_BYTES } from '@linnet/shared';
import type { BenchArgs } from './args.js';
import { loadSpeech } from './fixture.js';
import { FRAME_MS } from './load-session.js';
import type { FromLoadWorker, LoadCounts, SessionPlan, ToLoadWorker } from './messages.js';
import { clockTicksPerSecond, cpuBetween, readCpu } from './proc-stat.js';
import { readSetChildrenCpu, readSetCpu, setCpuBetween, setMemory, setRunQueueWaitMs, startServerSet } from './server-set.js';
import { summarise, type Summary } from './stats.js';

export const OUT_DIR = fileURLToPath(new URL('../../.corpus/bench-load/', import.meta.url));
const SESSIONS_PER_WORKER = 250;
/** How long the server may take to catch up on queued windows after the last frame. */
const DRAIN_TIMEOUT_MS = 60_000;

/**
 * Captions are off unless `--server-env MAX_TRANSCRIBERS=K` says otherwise. Issue 7's 1,000-session
 * targets are the tone engine's, a cost every session pays; captions are capped at MAX_TRANSCRIBERS
 * (4) sessions whatever N is, a fixed ~0.5-1 core of pocketsphinx that `pnpm bench:captions`
 * measures on its own. With the server default (4) at N = 1,000 on two cores that fixed cost, not
 * the per-session path, decides the latency.
 */
export const BENCH_SERVER_DEFAULTS: Readonly<Record<string, string>> = { MAX_TRANSCRIBERS: '0' };

type Result = Extract<FromLoadWorker, { type: 'result' }>;
type LoadArgs = Extract<BenchArgs, { mode: 'load' }>;

/** A load-generating child: a promise per awaited message type. */
function forkWorker(): { child: ChildProcess; next: (type: FromLoadWorker['type']) => Promise<FromLoadWorker> } {
  const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), { serialization: 'advanced' });
  const inbox: FromLoadWorker[] = [];
  const waiting: Array<() => void> = [];
  child.on('message', (message: FromLoadWorker) => {
    inbox.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  const next = async (type: FromLoadWorker['type']): Promise<FromLoadWorker> => {
    for (;;) {
      const at = inbox.findIndex((message) => message.type === type);
      if (at >= 0) return inbox.splice(at, 1)[0]!;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`load worker ${child.pid} exited (code ${child.exitCode}, signal ${child.signalCode}) while the bench waited for '${type}'`);
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  child.on('exit', () => {
    for (const wake of waiting.splice(0)) wake();
  });
  return { child, next };
}

interface MetricsBody {
  audio?: { windowsAnalysed?: number; windowsDropped?: number };
  captions?: { active?: number; max_transcribers?: number; pocketsphinx?: { processes_started?: number; audio_dropped_s?: number; overloaded?: number } };
}

interface PipelineCounters {
  analysed: number;
  dropped: number;
  captionsActive: number;
  recognisersStarted: number;
  captionAudioDroppedS: number;
  captionsOverloaded: number;
}

/** The audio and captions counters of /metrics, added up over every instance. */
async function pipelineCounters(urls: string[]): Promise<PipelineCounters> {
  const total: PipelineCounters = { analysed: 0, dropped: 0, captionsActive: 0, recognisersStarted: 0, captionAudioDroppedS: 0, captionsOverloaded: 0 };
  for (const url of urls) {
    const body = (await (await fetch(`${url}/metrics`)).json()) as MetricsBody;
    const sphinx = body.captions?.pocketsphinx;
    total.analysed += body.audio?.windowsAnalysed ?? 0;
    total.dropped += body.audio?.windowsDropped ?? 0;
    total.captionsActive += body.captions?.active ?? 0;
    total.recognisersStarted += sphinx?.processes_started ?? 0;
    total.captionAudioDroppedS += sphinx?.audio_dropped_s ?? 0;
    total.captionsOverloaded += sphinx?.overloaded ?? 0;
  }
  return total;
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const mb = (bytes: number) => fmt(bytes / 2 ** 20, 0);
const line = (label: string, s: Summary, unit = 'ms') =>
  `${label.padEnd(28)} p50 ${fmt(s.p50)} ${unit}   p99 ${fmt(s.p99)} ${unit}   max ${fmt(s.max)} ${unit}   (n=${s.count})`;

/** Run the load benchmark and print its report. */
export async function runLoad(args: LoadArgs): Promise<void> {
  const { sessions, seconds, aligned, windowMs } = args;
  const frames = Math.round((seconds * 1000) / FRAME_MS);
  const workerCount = args.workers ?? Math.max(1, Math.ceil(sessions / SESSIONS_PER_WORKER));
  mkdirSync(OUT_DIR, { recursive: true });
  const speech = loadSpeech();
  const speechFrames = speech.pcm.length / AUDIO_FRAME_BYTES;
  const loadBefore = loadavg();
  const serverEnv = { ...BENCH_SERVER_DEFAULTS, ...args.serverEnv };
  const server = await startServerSet({
    entry: args.entry,
    maxSessions: sessions + 16,
    instances: args.instances,
    logFile: (i) => `${OUT_DIR}server-load${i ? `-${i}` : ''}.log`,
    env: serverEnv,
    cpuProfDir: args.cpuProfDir,
  });
  const pids = server.pids();
  const instances = server.urls.length;
  console.log(`bench:load  N=${sessions}  ${seconds} s  ${aligned ? 'aligned' : 'random phase'}  window_ms=${windowMs}  ${workerCount} load process(es)`);
  console.log(`server: ${server.describe()} (${args.entry}); speech: ${speech.source}, ${fmt(speechFrames / 10, 0)} s looped`);
  const transcribers = serverEnv.MAX_TRANSCRIBERS!;
  console.log(
    `captions: MAX_TRANSCRIBERS=${transcribers}${instances > 1 ? ' on each instance' : ''} ` +
      (args.serverEnv.MAX_TRANSCRIBERS === undefined
        ? '(the bench default: the tone engine alone, what issue 7 targets; --server-env MAX_TRANSCRIBERS=4 for the server default)'
        : '(from --server-env)'),
  );
  // Across instances, every event crosses Redis: a session starts on one, its audio goes to the next, its stream is served by the one after.
  if (instances > 1) console.log('each session: started on instance i, audio into i+1, SSE subscriber on i+2 (mod the instances)');

  let peakRss = 0;
  // Recognisers alive, sampled with RSS: how many ran, not only what they cost.
  let recogniserSamples = 0;
  let recogniserSum = 0;
  let recogniserPeak = 0;
  let sampling = false;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, setMemory(pids).rss);
      if (!sampling) return;
      const live = readSetChildrenCpu(server.instancePids).live;
      recogniserSamples += 1;
      recogniserSum += live;
      recogniserPeak = Math.max(recogniserPeak, live);
    } catch {
      // The server exited; the report says so.
    }
  }, 250);

  const workers = Array.from({ length: workerCount }, forkWorker);
  try {
    const plans: SessionPlan[][] = workers.map(() => []);
    for (let i = 0; i < sessions; i++) {
      plans[i % workerCount]!.push({
        audioOffsetFrames: Math.floor(Math.random() * speechFrames),
        phaseMs: aligned ? 0 : Math.random() * 1000,
        startOn: i % instances,
        audioOn: (i + 1) % instances,
        streamOn: (i + 2) % instances,
      });
    }
    const openedAt = Date.now();
    workers.forEach((worker, i) => worker.child.send({ type: 'open', baseUrls: server.urls, plans: plans[i]!, frames, windowMs } satisfies ToLoadWorker));
    const opened = (await Promise.all(workers.map((worker) => worker.next('opened')))) as Array<Extract<FromLoadWorker, { type: 'opened' }>>;
    const openFailures = opened.reduce((sum, o) => sum + o.counts.openFailures, 0);
    console.log(`opened ${sessions - openFailures} sessions (session + SSE + audio socket) in ${Date.now() - openedAt} ms${openFailures ? `; ${openFailures} failed: ${opened.find((o) => o.firstError)?.firstError}` : ''}`);

    const countersBefore = await pipelineCounters(server.urls);
    const startAtEpochMs = Date.now() + 1000;
    for (const worker of workers) worker.child.send({ type: 'go', startAtEpochMs } satisfies ToLoadWorker);
    await sleep(startAtEpochMs - Date.now());
    const ticks = clockTicksPerSecond();
    const cpuStart = readSetCpu(pids);
    const childrenStart = readSetChildrenCpu(server.instancePids);
    sampling = true;
    const waitStart = setRunQueueWaitMs(pids);
    const workerCpuStart = workers.map((worker) => readCpu(worker.child.pid!));
    const benchCpuStart = process.cpuUsage();
    const loadAtStart = loadavg();

    await Promise.all(workers.map((worker) => worker.next('sent')));
    const streamedAt = Date.now();
    // When the last frame was due on the clients' schedule: how far the server trails real time.
    const lastFrameDueAt = startAtEpochMs + Math.max(...plans.flat().map((plan) => plan.phaseMs)) + (frames - 1) * FRAME_MS;
    const expectedWindows = (sessions - openFailures) * Math.floor((frames * FRAME_MS) / windowMs);
    let counters = await pipelineCounters(server.urls);
    while (counters.analysed + counters.dropped - countersBefore.analysed - countersBefore.dropped < expectedWindows && Date.now() - streamedAt < DRAIN_TIMEOUT_MS) {
      await sleep(200);
      counters = await pipelineCounters(server.urls);
    }
    const caughtUpMs = Date.now() - lastFrameDueAt;
    await sleep(500); // events of the last windows are still on their way over SSE
    const cpuEnd = readSetCpu(pids);
    const childrenEnd = readSetChildrenCpu(server.instancePids);
    sampling = false;
    const countersEnd = await pipelineCounters(server.urls);
    const mainWaitMs = setRunQueueWaitMs(pids) - waitStart;
    const workerCpuEnd = workers.map((worker) => readCpu(worker.child.pid!));
    const benchCpu = process.cpuUsage(benchCpuStart);
    const memoryEnd = setMemory(pids);
    const loadAtEnd = loadavg();
    const elapsedS = (Date.now() - startAtEpochMs) / 1000;

    for (const worker of workers) worker.child.send({ type: 'finish' } satisfies ToLoadWorker);
    const results = (await Promise.all(workers.map((worker) => worker.next('result')))) as Result[];
    clearInterval(sampler);

    const total = (key: keyof LoadCounts) => results.reduce((sum, r) => sum + r.counts[key], 0);
    const join = (pick: (r: Result) => Float64Array) => {
      const all = new Float64Array(results.reduce((n, r) => n + pick(r).length, 0));
      let at = 0;
      for (const r of results) {
        all.set(pick(r), at);
        at += pick(r).length;
      }
      return all;
    };
    const ack = summarise(join((r) => r.ackRttMs));
    const event = summarise(join((r) => r.eventLatencyMs));
    const sendLag = summarise(join((r) => r.sendLagMs));
    const sessionAudioS = (total('framesSent') * FRAME_MS) / 1000;
    const cpu = setCpuBetween(cpuStart, cpuEnd, pids, ticks);
    const workerUsed = workers.map((worker, i) => cpuBetween(workerCpuStart[i]!, workerCpuEnd[i]!, worker.child.pid!, ticks));
    const workerMs = workerUsed.map((used) => used.mainMs + used.otherMs);
    const workerKernelMs = workerUsed.reduce((sum, used) => sum + used.kernelMs, 0);
    const benchMs = (benchCpu.user + benchCpu.system) / 1000;
    const dropped = counters.dropped - countersBefore.dropped;
    const analysed = counters.analysed - countersBefore.analysed;

    console.log(`loadavg before ${loadBefore} | at start ${loadAtStart} | at end ${loadAtEnd}`);
    console.log(line('ack RTT', ack));
    console.log(line('window end → event', event));
    const delivered = total('toneEvents') + total('speakerEvents') + total('otherEvents');
    console.log(`events: tone ${total('toneEvents')}, speaker ${total('speakerEvents')}, other ${total('otherEvents')}; mapped before their window end: ${total('eventsBeforeWindowEnd')}`);
    console.log(`events delivered: ${delivered}, ${fmt(delivered / seconds, 0)} per second of streaming (${sessions - openFailures} sessions × ${seconds} s)`);
    console.log(`frames sent ${total('framesSent')}, acked ${total('acks')}; audio sockets closed early ${total('socketsClosedEarly')}`);
    console.log(`windows: analysed ${analysed} of ${expectedWindows} expected, dropped ${dropped}; every frame acked and window analysed ${fmt(caughtUpMs / 1000)} s after the last frame was due${Date.now() - streamedAt >= DRAIN_TIMEOUT_MS ? ' (gave up waiting)' : ''}`);
    console.log(
      `server CPU per session-audio-second: main ${fmt(cpu.mainMs / sessionAudioS, 2)} ms, other threads ${fmt(cpu.otherMs / sessionAudioS, 2)} ms ` +
        `(${fmt(cpu.mainMs / 1000 / elapsedS * 100, 0)}% + ${fmt(cpu.otherMs / 1000 / elapsedS * 100, 0)}% of a core over ${fmt(elapsedS)} s, ` +
        `${fmt((cpu.kernelMs / (cpu.mainMs + cpu.otherMs)) * 100, 0)}% of it in the kernel; ` +
        `busiest other threads: ${cpu.busiestOthers.map((t) => `${t.comm}/${t.tid} ${fmt(t.ms, 0)} ms`).join(', ')})`,
    );
    const recogniserMs = ((childrenEnd.ticks - childrenStart.ticks) * 1000) / ticks;
    // Every instance's recognisers: a session's captions run where its audio arrives.
    console.log(
      `recognisers${instances > 1 ? ` (all ${instances} instances)` : ''}: ${fmt(recogniserMs / sessionAudioS, 2)} ms CPU per session-audio-second (${fmt(recogniserMs / 1000 / elapsedS * 100, 0)}% of a core), ` +
        `${recogniserPeak} processes at most and ${fmt(recogniserSamples ? recogniserSum / recogniserSamples : 0)} on average, ` +
        `${countersEnd.recognisersStarted} started since the server${instances > 1 ? 's' : ''} did; ` +
        `captions active ${countersEnd.captionsActive} of ${instances > 1 ? `${instances} × ${transcribers}` : transcribers}, ` +
        `audio dropped ${fmt(countersEnd.captionAudioDroppedS - countersBefore.captionAudioDroppedS)} s, overloaded ${countersEnd.captionsOverloaded - countersBefore.captionsOverloaded} times`,
    );
    const serverTotalMs = cpu.mainMs + cpu.otherMs + recogniserMs;
    console.log(`server in all, recognisers included: ${fmt(serverTotalMs / sessionAudioS, 2)} ms CPU per session-audio-second (${fmt(serverTotalMs / 1000 / elapsedS * 100, 0)}% of a core)`);
    console.log(
      `server main thread${instances > 1 ? `s (${pids.length} processes, added up)` : ''} runnable but waiting for a CPU: ${fmt(mainWaitMs, 0)} ms (${fmt(mainWaitMs / 10 / elapsedS, 1)}% of the run; ` +
        `the server's own other threads and recognisers, the load generator and the machine's other load)`,
    );
    console.log(`server RSS: peak ${mb(Math.max(peakRss, memoryEnd.rss))} MB sampled every 250 ms (VmHWM ${mb(memoryEnd.hwm)} MB), end ${mb(memoryEnd.rss)} MB`);
    const loadGenMs = workerMs.reduce((a, b) => a + b, 0) + benchMs;
    console.log(
      `load generator CPU: ${fmt(loadGenMs / sessionAudioS, 2)} ms per session-second (${fmt(loadGenMs / 1000 / elapsedS * 100, 0)}% of a core: ` +
        `workers ${workerMs.map((ms) => fmt(ms / 1000 / elapsedS * 100, 0) + '%').join(' ')}, main ${fmt(benchMs / 1000 / elapsedS * 100, 0)}%; ` +
        `${fmt((workerKernelMs / workerMs.reduce((a, b) => a + b, 0)) * 100, 0)}% of the workers' in the kernel)`,
    );
    console.log(
      `load generator lag: event-loop delay p99 ${results.map((r) => fmt(r.loopDelayMs.p99)).join('/')} ms, max ${results.map((r) => fmt(r.loopDelayMs.max)).join('/')} ms; ` +
        `frame send lateness p50 ${fmt(sendLag.p50)} p99 ${fmt(sendLag.p99)} max ${fmt(sendLag.max)} ms`,
    );
    console.log(
      `| ${sessions} | ${aligned ? 'aligned' : 'random'} | ${fmt(ack.p50)} / ${fmt(ack.p99)} | ${fmt(event.p50)} / ${fmt(event.p99)} | ${dropped} of ${expectedWindows} | ` +
        `${fmt(caughtUpMs / 1000)} | ${fmt(cpu.mainMs / sessionAudioS, 2)} / ${fmt(cpu.otherMs / sessionAudioS, 2)} | ${fmt(cpu.mainMs / 10 / elapsedS, 0)} % / ${fmt(mainWaitMs / 10 / elapsedS, 0)} % | ` +
        `${mb(Math.max(peakRss, memoryEnd.rss))} | ${loadAtStart.split(' ')[0]} → ${loadAtEnd.split(' ')[0]} | ${fmt(delivered / seconds, 0)} events/s | ${instances === 1 ? 'memory' : `${instances} × redis`} |`,
    );
  } finally {
    clearInterval(sampler);
    // Workers exit on their own once their result is sent (a profiler writes its file then); a
    // worker that has not within 2 s is stopped.
    await Promise.all(
      workers.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const killer = setTimeout(() => child.kill(), 2_000);
        await once(child, 'exit');
        clearTimeout(killer);
      }),
    );
    await server.stop();
  }
}
