/**
 * A tuning aid for Questioning (issue 12): how well phrase-final pitch measures separate the yes/no
 * questions from the statements of `.corpus/families/`, per family, as the area under the ROC curve
 * (0.5 = no better than chance; below 0.5 = questions end *lower*). Run on tuning sentences unless told:
 * `pnpm --filter @linnet/api exec tsx scripts/eval/phrase-end-separation.ts [tuning|heldout]`.
 * Measures, over each phrase's voiced frames (semitones re 100 Hz):
 * - rise: the engine's final rise (last 3-point median minus the lowest of the last ~300 ms);
 * - overPhrase: the final pitch (median of the last 6 voiced frames) minus the phrase's median;
 * - overTrend: the final pitch minus the phrase's own declination line (least squares over all but
 *   its last 300 ms) at the phrase end;
 * - overLastSecond: the final pitch minus the median of the second before the last 300 ms.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFrameAnalyser } from '@linnet/engine';
import { readWav } from '../read-wav.js';
import { FamilyManifestSchema } from '../corpus/family-manifest.js';
import { FAMILIES } from '../corpus/family-styles.js';

const ROOT = fileURLToPath(new URL('../../.corpus/families/', import.meta.url));
const manifest = FamilyManifestSchema.parse(JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')));
const set = process.argv[2] === 'heldout' ? 'heldout' : 'tuning';
// The engine's phrase contour spans ~300 ms; frames are 10 ms hops.
const FINAL_S = 0.3;
const FINAL_FRAMES = 6;
const MIN_FRAMES = 10;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : Number.NaN;
};
type Point = [timeS: number, semitones: number];

function measures(points: Point[]): Record<string, number> {
  const pitch = points.map(([, st]) => st);
  const endS = points[points.length - 1]![0];
  const smoothed: number[] = [];
  for (let k = 1; k < pitch.length - 1; k++) smoothed.push(median([pitch[k - 1]!, pitch[k]!, pitch[k + 1]!]));
  const lastFrames = smoothed.slice(-2 * 15);
  const final = median(pitch.slice(-FINAL_FRAMES));
  const body = points.filter(([t]) => t < endS - FINAL_S);
  let overTrend = Number.NaN;
  if (body.length >= MIN_FRAMES) {
    const meanT = body.reduce((s, [t]) => s + t, 0) / body.length;
    const meanP = body.reduce((s, [, p]) => s + p, 0) / body.length;
    let covariance = 0;
    let variance = 0;
    for (const [t, p] of body) {
      covariance += (t - meanT) * (p - meanP);
      variance += (t - meanT) ** 2;
    }
    overTrend = final - (meanP + (covariance / variance) * (endS - meanT));
  }
  return {
    rise: lastFrames[lastFrames.length - 1]! - Math.min(...lastFrames),
    overPhrase: final - median(pitch),
    overTrend,
    overLastSecond: final - median(points.filter(([t]) => t < endS - FINAL_S && t > endS - FINAL_S - 1).map(([, p]) => p)),
  };
}

const rows: Array<{ family: string; question: boolean; measured: Record<string, number> }> = [];
for (const entry of manifest.files.filter((e) => e.set === set && e.condition === 'clean')) {
  const { samples, sampleRate } = readWav(`${ROOT}${entry.file}`);
  const frames = createFrameAnalyser({ sampleRate, windowMs: 1000 });
  const points: Point[] = [];
  const window = new Float32Array(sampleRate);
  for (let at = 0; at + sampleRate <= samples.length; at += sampleRate) {
    for (let i = 0; i < sampleRate; i++) window[i] = samples[at + i]! / 32768;
    const track = frames.analyse(window);
    for (let k = 0; k < track.count; k++) {
      if (track.voiced[k] && track.f0Hz[k]! > 0) points.push([at / sampleRate + (k + 1) * track.hopS, 12 * Math.log2(track.f0Hz[k]! / 100)]);
    }
  }
  for (const phrase of entry.phrases) {
    const voiced = points.filter(([t]) => t >= phrase.startS && t <= phrase.endS + 0.1);
    if (voiced.length >= MIN_FRAMES) rows.push({ family: entry.family, question: phrase.question, measured: measures(voiced) });
  }
}

/** Probability that a random question scores above a random statement (ties count half). */
function auc(questions: number[], statements: number[]): number {
  let wins = 0;
  for (const q of questions) for (const s of statements) wins += q > s ? 1 : q === s ? 0.5 : 0;
  return wins / (questions.length * statements.length);
}
console.log(`phrase-end separation of questions from statements, ${set} sentences: AUC, median question / statement, statements' 90th percentile (st)`);
for (const family of [...FAMILIES, 'all']) {
  const of = rows.filter((row) => family === 'all' || row.family === family);
  const cells = Object.keys(of[0]!.measured).map((key) => {
    const q = of.filter((row) => row.question).map((row) => row.measured[key]!).filter(Number.isFinite);
    const s = of.filter((row) => !row.question).map((row) => row.measured[key]!).filter(Number.isFinite);
    const s90 = [...s].sort((a, b) => a - b)[Math.floor(s.length * 0.9)]!;
    return `${key} ${auc(q, s).toFixed(2)} (${median(q).toFixed(1)} / ${median(s).toFixed(1)}, ${s90.toFixed(1)})`;
  });
  console.log(`${family.padEnd(9)} ${String(of.filter((row) => row.question).length).padStart(3)} q ${String(of.filter((row) => !row.question).length).padStart(4)} s  ${cells.join('  ')}`);
}
