/**
 * `pnpm bench`: CPU time of the whole engine (prosody + call-state) per second of 16 kHz audio,
 * median of several runs over a 90 s signal built from the tone corpus (speech, pauses and noise),
 * or, without a corpus, from a synthetic voiced signal. Fails above 2 ms CPU per second of audio.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createProsodyEngine } from '@linnet/engine';
import { readWav } from './read-wav.js';
import { ToneCorpusManifestSchema } from './corpus/tone-manifest.js';

const SAMPLE_RATE = 16_000;
const DURATION_S = 90;
const RUNS = 7;
const BUDGET_MS_PER_S = 2;
const CORPUS = fileURLToPath(new URL('../.corpus/tone/', import.meta.url));

function corpusAudio(): Int16Array | null {
  if (!existsSync(`${CORPUS}manifest.json`)) return null;
  const { files } = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${CORPUS}manifest.json`, 'utf8')));
  const out = new Int16Array(DURATION_S * SAMPLE_RATE);
  let at = 0;
  for (const { file } of files.filter((_, i) => i % 5 === 0)) {
    const { samples } = readWav(`${CORPUS}${file}`);
    const take = Math.min(samples.length, out.length - at);
    out.set(samples.subarray(0, take), at);
    if ((at += take) >= out.length) return out;
  }
  return null;
}

/** A gliding harmonic "voice" with syllable-rate amplitude and pauses, plus light noise. */
function syntheticAudio(): Int16Array {
  const out = new Int16Array(DURATION_S * SAMPLE_RATE);
  let phase = 0;
  let seed = 1;
  for (let i = 0; i < out.length; i++) {
    const t = i / SAMPLE_RATE;
    const f0 = 120 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    phase += (2 * Math.PI * f0) / SAMPLE_RATE;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) * (t % 5 < 3.5 ? 1 : 0);
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const voice = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase);
    out[i] = Math.round(6000 * syllable * voice + 100 * (seed / 0x7fffffff - 0.5));
  }
  return out;
}

const fromCorpus = corpusAudio();
const audio = fromCorpus ?? syntheticAudio();
const window = SAMPLE_RATE; // 1000 ms windows, as the pipeline sends by default
const perSecond: number[] = [];
// One uncounted run first: a live server runs JIT-compiled code, not a cold start.
for (let run = -1; run < RUNS; run++) {
  const engine = createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: SAMPLE_RATE });
  const before = process.cpuUsage();
  for (let at = 0; at + window <= audio.length; at += window) engine.analyse(audio.subarray(at, at + window), at / SAMPLE_RATE);
  const used = process.cpuUsage(before);
  engine.dispose();
  if (run >= 0) perSecond.push((used.user + used.system) / 1000 / (audio.length / SAMPLE_RATE));
}
perSecond.sort((a, b) => a - b);
const median = perSecond[Math.floor(RUNS / 2)]!;
console.log(
  `engine CPU: ${median.toFixed(3)} ms per s of audio (median of ${RUNS} runs over ${DURATION_S} s of ${fromCorpus ? 'tone-corpus' : 'synthetic'} audio; runs ${perSecond.map((v) => v.toFixed(3)).join(', ')})`,
);
if (median > BUDGET_MS_PER_S) {
  console.error(`FAIL: above the ${BUDGET_MS_PER_S} ms budget`);
  process.exit(1);
}
console.log(`PASS: within the ${BUDGET_MS_PER_S} ms budget`);
