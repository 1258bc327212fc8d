/**
 * How many real-time captioned sessions this machine holds: N sessions stream flite speech (with
 * pauses) at real time through a real server (prosody engine in workers, one pocketsphinx each);
 * reports CPU of the decoders and of this process, audio dropped and caption latency (utterance
 * end sent → transcript event). `pnpm --filter @linnet/api bench:captions -- 4 30` (sessions, seconds).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { TranscriptEventSchema } from '@linnet/shared';
import { addFaintNoise, fliteSpeech, joinPcm } from '../src/captions/testing/flite-speech.js';
import { createPocketsphinx } from '../src/captions/pocketsphinx.js';
import { startServer } from '../src/server.js';
import { openSse } from '../src/testing/sse-client.js';

const sessions = Number(process.argv[2] ?? 4);
const seconds = Number(process.argv[3] ?? 30);
const TEXT = [
  'the weather is lovely today',
  'i would like to order a pizza with cheese',
  'please call me back tomorrow morning',
  'hello how are you doing today',
];

const dir = mkdtempSync(join(tmpdir(), 'linnet-bench-captions-'));
const parts = TEXT.map((text, i) => fliteSpeech(dir, `s${i}`, text, { before: 0, after: 1.2 }));
const loop = addFaintNoise(joinPcm(parts));

const clockTicks = 100;
const decoderCpuS = (pids: number[]) =>
  pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / clockTicks;
    } catch {
      return sum;
    }
  }, 0);

const pocketsphinx = createPocketsphinx();
const server = await startServer({ recogniser: pocketsphinx, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxTranscribers: sessions, maxSessionsPerClient: sessions } });
const latencies: number[] = [];
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
const pids: number[] = [];
await Promise.all(
  Array.from({ length: sessions }, async () => {
    const res = await fetch(`${server.url}/session/start`, { method: 'POST' });
    const { session_id: id } = (await res.json()) as { session_id: string };
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio?ackEvery=50`);
    await new Promise((resolve) => socket.once('open', resolve));
    pids.push(pocketsphinx.pidOf(server.captions.recognitionOf(id)!)!);
    const sentAt: number[] = [];
    let seen = 0;
    sse.response.on('data', () => {
      const events = sse.events().filter((e) => e.event === 'transcript-event');
      for (const event of events.slice(seen)) {
        const end = TranscriptEventSchema.parse(event.data).end!;
        const frame = Math.ceil(end * 10);
        if (sentAt[frame] !== undefined) latencies.push(performance.now() - sentAt[frame]);
      }
      seen = events.length;
    });
    const began = performance.now();
    for (let i = 0; i < seconds * 10; i++) {
      const wait = began + i * 100 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const at = (i * 1600) % (loop.length - 1600);
      socket.send(Buffer.from(loop.buffer, at * 2, 3200));
      sentAt[i + 1] = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    socket.close();
    sse.close();
  }),
);
const wallS = (performance.now() - wallBefore) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const decoders = decoderCpuS(pids);
latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * p) - 1)] ?? NaN);
const metrics = pocketsphinx.metrics();
console.log(
  JSON.stringify({
    sessions,
    audio_s_each: seconds,
    wall_s: Math.round(wallS),
    decoder_cpu_per_stream: Math.round((decoders / sessions / wallS) * 100) / 100,
    api_process_cpu_cores: Math.round(((cpu.user + cpu.system) / 1e6 / wallS) * 100) / 100,
    captions: latencies.length,
    latency_ms: { p50: pct(0.5), p95: pct(0.95), max: pct(1) },
    audio_fed_s: metrics.audio_fed_s,
    audio_dropped_s: metrics.audio_dropped_s,
    hangs: metrics.hangs,
  }),
);
await server.close();
rmSync(dir, { recursive: true, force: true });
