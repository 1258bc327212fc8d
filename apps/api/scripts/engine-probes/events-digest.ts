// `pnpm --filter @linnet/api exec tsx scripts/engine-probes/events-digest.ts`: a digest of every event
// the engine gives over the rendered corpus (tone, call-state, steady; `pnpm corpus`), each file
// analysed alone, and how many files differ when seven engines share the thread, their windows
// interleaved as a worker runs them. An engine change that claims byte-identical events prints
// the same digest before and after, and 0 mismatches.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createProsodyEngine, decodeWav, type EngineEvent } from '@linnet/engine';

const DIRS = ['.corpus/tone', '.corpus/callstate', '.corpus/steady'];
const WINDOW = 16_000;
const GROUP = 7;

const files = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.wav')).map((f) => `${dir}/${f}`)).sort();
const audios = files.map((file) => decodeWav(new Uint8Array(readFileSync(file))));

/** The events of each file in `group`, their engines taking one window each in turn. */
function analyseTogether(group: number[]): EngineEvent[][] {
  const engines = group.map(() => createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: 16_000 }));
  const events: EngineEvent[][] = group.map(() => []);
  const longest = Math.max(...group.map((i) => audios[i]!.samples.length));
  for (let at = 0; at < longest; at += WINDOW) {
    group.forEach((file, k) => {
      const samples = audios[file]!.samples;
      if (at >= samples.length) return;
      const window = new Int16Array(WINDOW);
      window.set(samples.subarray(at, at + WINDOW));
      events[k]!.push(...engines[k]!.analyse(window, at / 16_000));
    });
  }
  return events;
}

const alone = audios.map((_, i) => analyseTogether([i])[0]!);
const digest = createHash('sha256');
for (const events of alone) digest.update(JSON.stringify(events));
let mismatches = 0;
for (let first = 0; first < audios.length; first += GROUP) {
  const group = Array.from({ length: Math.min(GROUP, audios.length - first) }, (_, k) => first + k);
  analyseTogether(group).forEach((events, k) => {
    if (JSON.stringify(events) !== JSON.stringify(alone[group[k]!])) mismatches += 1;
  });
}
const count = alone.reduce((n, events) => n + events.length, 0);
console.log(`${files.length} files, ${count} events, sha256 ${digest.digest('hex').slice(0, 16)}, interleaved mismatches ${mismatches}`);
