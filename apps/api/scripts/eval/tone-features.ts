/** Prints the per-window prosody features of corpus files (a tuning aid): `tsx scripts/eval/tone-features.ts [filter]`. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readWav } from '../read-wav.js';
import { createFrameAnalyser, createWindowSummariser } from '@linnet/engine';
import { ToneCorpusManifestSchema } from '../corpus/tone-manifest.js';

const DIR = fileURLToPath(new URL('../../.corpus/tone/', import.meta.url));
const manifest = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')));
const filter = process.argv[2] ?? '';
const f = (x: number, d = 1) => (Number.isNaN(x) ? '  -  ' : x.toFixed(d).padStart(5));
for (const entry of manifest.files.filter((e) => e.file.includes(filter))) {
  const { samples, sampleRate } = readWav(`${DIR}${entry.file}`);
  const frames = createFrameAnalyser({ sampleRate, windowMs: 1000 });
  const summariser = createWindowSummariser(101);
  console.log(`# ${entry.file} ${entry.label ?? entry.kind} seg=${entry.segmentStartS?.toFixed(1)}`);
  const windowLength = sampleRate;
  const scratch = new Float32Array(windowLength);
  for (let at = 0; at + windowLength <= samples.length; at += windowLength) {
    for (let i = 0; i < windowLength; i++) scratch[i] = samples[at + i]! / 32768;
    const w = summariser.summarise(frames.analyse(scratch));
    const t = at / sampleRate;
    console.log(
      `${f(t, 0)} ${w.speech ? 'S' : '.'} v=${String(w.voicedFrames).padStart(3)} p=${f(w.pitchSt)} r=${f(w.pitchRangeSt)} L=${f(w.loudnessDb)} Ls=${f(w.loudnessSpreadDb)} rate=${f(w.rate)} pause=${f(w.pauseRatio, 2)} end=${f(w.endSlope)}`,
    );
  }
}
