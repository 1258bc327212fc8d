// `pnpm --filter @linnet/api exec tsx scripts/engine-probes/first-windows.ts [N]`: what a session's
// first window costs against its later ones, with the code already warm (300 engines analyse six
// windows first), as a worker meets N sessions that start together; and the memory one engine holds
// after a window. Speech from the tone corpus (`pnpm corpus`). docs/performance.md, "The first windows".
import { readdirSync, readFileSync } from 'node:fs';
import { createProsodyEngine, decodeWav } from '@linnet/engine';

const N = Number(process.argv[2] ?? 3000);
const WARM = 300;
const WINDOW = 16_000;
const dir = '.corpus/tone';
const audios = readdirSync(dir)
  .filter((f) => f.endsWith('.wav') && !f.includes('snr'))
  .slice(0, 40)
  .map((f) => decodeWav(new Uint8Array(readFileSync(`${dir}/${f}`))));
const window = new Int16Array(WINDOW);

const before = process.memoryUsage();
const engines = Array.from({ length: N }, () => createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: 16_000 }));

/** Engines [from, to) analyse their window number `index`; returns ms per window. */
function analyse(from: number, to: number, index: number): number {
  const started = performance.now();
  for (let i = from; i < to; i++) {
    const audio = audios[i % audios.length]!;
    const at = (index * WINDOW) % (audio.samples.length - WINDOW);
    window.set(audio.samples.subarray(at, at + WINDOW));
    engines[i]!.analyse(window, index);
  }
  return (performance.now() - started) / (to - from);
}

for (let index = 0; index < 6; index++) analyse(0, WARM, index);
const perWindow = [0, 1, 2].map((index) => analyse(WARM, N, index));
const after = process.memoryUsage();
console.log(`${N - WARM} sessions, warm code: first window ${perWindow[0]!.toFixed(3)} ms, second ${perWindow[1]!.toFixed(3)} ms, third ${perWindow[2]!.toFixed(3)} ms`);
console.log(`per engine after its windows: RSS ${((after.rss - before.rss) / N / 1024).toFixed(0)} KB, array buffers ${((after.arrayBuffers - before.arrayBuffers) / N / 1024).toFixed(0)} KB`);
