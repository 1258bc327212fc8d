/**
 * Issue 12 experiment: a fitted model (multinomial logistic regression over the window deviations) in
 * place of the hand label rules, judged by the issue's protocol (docs/tone.md, "A fitted model").
 * In each leave-one-family-out rotation the model is fitted ONLY on the other two families' tuning
 * sentences; candidates (features, L2, scale, what Questioning files teach) are compared on the
 * left-out family's TUNING sentences; `--heldout a,b` then scores the named candidates once on the
 * left-out family's held-out sentences. Every file goes through the real engine (hysteresis, confidence,
 * MIN_CONFIDENCE) with the model as its scorer; macro-F1 as `pnpm eval` computes it.
 *   pnpm --filter @linnet/api exec tsx scripts/eval/tone-fit.ts [--heldout name,...] [--only name,...]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseWav, createProsodyEngine, decideTone, DEFAULT_MIN_CONFIDENCE, type Deviation, type ToneScorer } from '@linnet/engine';
import type { ToneLabel } from '@linnet/shared';
import { readWav } from '../read-wav.js';
import { FamilyManifestSchema, type FamilyEntry } from '../corpus/family-manifest.js';
import { FAMILIES } from '../corpus/family-styles.js';
import { ToneCorpusManifestSchema } from '../corpus/tone-manifest.js';
import { plurality, scores as macroScores, tally, type Confusion } from './tone-metrics.js';
import { scoreFiles, type FileScores, type StreamedFile } from './family-scoring.js';
import { featuresOf, fitSoftmax, scorerFrom, type FeatureSet, type Sample } from './tone-model-fit.js';

const ROOT = fileURLToPath(new URL('../../.corpus/families/', import.meta.url));
const args = process.argv.slice(2);
const listArg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1]!.split(',') : []);
const heldoutNames = new Set(listArg('--heldout'));
const only = new Set(listArg('--only'));

const TONE_ROOT = fileURLToPath(new URL('../../.corpus/tone/', import.meta.url));
const manifest = FamilyManifestSchema.parse(JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')));
const audio = new Map(manifest.files.map((entry) => [entry.file, readWav(`${ROOT}${entry.file}`)]));
// The espeak tone corpus (clean, 20 and 10 dB SNR): the corpus the rules were tuned on and `pnpm eval`
// gates on; with `--espeak-corpus` it is training data too, except in the rotation that leaves espeak out.
const toneCorpus = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${TONE_ROOT}manifest.json`, 'utf8')))
  .files.flatMap((entry): Entry[] =>
    entry.kind === 'tone' && entry.label && entry.segmentStartS !== undefined && entry.segmentEndS !== undefined
      ? [{ file: `tone/${entry.file}`, family: 'espeak-corpus', label: entry.label, set: 'tuning', segmentStartS: entry.segmentStartS, segmentEndS: entry.segmentEndS, condition: entry.condition }]
      : [],
  );
for (const entry of toneCorpus) audio.set(entry.file, readWav(`${TONE_ROOT}${entry.file.slice(5)}`));
const useEspeakCorpus = args.includes('--espeak-corpus');

/** A file with a labelled segment: a family-corpus entry, or an espeak tone-corpus one. */
interface Entry {
  file: string;
  family: string;
  label: ToneLabel;
  set: 'tuning' | 'heldout';
  segmentStartS: number;
  segmentEndS: number;
  /** Tone-corpus files only: clean, snr20 or snr10. */
  condition?: string;
}

/** Stream files through the engine with `scorer`; also returns each tone window's deviations (same order). */
function stream(entries: readonly Entry[], scorer: ToneScorer) {
  return entries.map((entry) => {
    const deviations: Array<{ z: Deviation; rise: number }> = [];
    const recording: ToneScorer = (z, rise) => {
      deviations.push({ z: { ...z }, rise });
      return scorer(z, rise);
    };
    const events = analyseWav(audio.get(entry.file)!, {
      windowMs: 1000,
      finalWindow: 'skip',
      createEngine: (options) => createProsodyEngine({ ...options, rawConfidence: true, toneScorer: recording }),
    });
    const tones = events.flatMap((event) => (event.event_type === 'tone' ? [{ startS: event.timestamp, label: event.label, raw: event.confidence }] : []));
    // Only family-corpus entries (with their phrases) reach scoreFiles; tone-corpus ones are scored by espeakGates.
    return { file: { entry: entry as FamilyEntry, tones } satisfies StreamedFile, deviations: deviations.map((d, i) => ({ ...d, startS: tones[i]!.startS })) };
  });
}

// The deviations do not depend on the scorer (the baseline learns from measurements, not labels): stream once.
const started = Date.now();
const recorded = stream([...manifest.files, ...toneCorpus], decideTone);
console.log(`streamed ${recorded.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const ofSet = (family: string, set: 'tuning' | 'heldout') => manifest.files.filter((e) => e.family === family && e.set === set);
/** The training files of a rotation: the other families' tuning sentences (and the espeak tone corpus unless espeak is left out). */
const trainingFor = (leftOut: string | undefined): Entry[] => [
  ...FAMILIES.filter((other) => other !== leftOut).flatMap((other) => ofSet(other, 'tuning')),
  ...(useEspeakCorpus && leftOut !== 'espeak' ? toneCorpus : []),
];

/** Macro-F1 of the espeak tone corpus per condition, as `pnpm eval` (tone.ts) scores it: plurality of shown segment labels. */
function espeakGates(scorer: ToneScorer): Record<string, number> {
  const confusions: Record<string, Confusion> = { clean: new Map(), snr20: new Map(), snr10: new Map() };
  for (const { file } of stream(toneCorpus, scorer)) {
    const { entry } = file;
    const shown = file.tones.filter((t) => t.raw >= DEFAULT_MIN_CONFIDENCE && t.startS >= entry.segmentStartS - 0.05 && t.startS < entry.segmentEndS);
    tally(confusions[(entry as Entry).condition ?? 'clean']!, entry.label, plurality(shown.map((t) => t.label)));
  }
  return Object.fromEntries(Object.entries(confusions).map(([condition, confusion]) => [condition, macroScores(confusion).macroF1]));
}

/** Training windows: the labelled segment's windows of `entries`, each with its file's label. */
function samplesOf(entries: readonly Entry[], features: FeatureSet, questions: 'calm' | 'drop'): Sample[] {
  const wanted = new Set(entries.map((e) => e.file));
  const out: Sample[] = [];
  for (const { file, deviations } of recorded) {
    if (!wanted.has(file.entry.file)) continue;
    const { entry } = file;
    let label = entry.label as string;
    if (label === 'Questioning') {
      if (questions === 'drop') continue;
      label = 'Calm';
    }
    for (const d of deviations) {
      if (d.startS < entry.segmentStartS - 0.05 || d.startS >= entry.segmentEndS) continue;
      out.push({ x: featuresOf(d.z, features), label: label as Sample['label'] });
    }
  }
  return out;
}

interface Candidate {
  name: string;
  features: FeatureSet;
  l2: number;
  scale: number;
  questions: 'calm' | 'drop';
}
const candidates: Candidate[] = [];
for (const features of args.includes('--linear') ? (['linear'] as const) : (['linear', 'hinge'] as const)) {
  for (const l2 of [0.001, 0.01, 0.1]) {
    for (const scale of [0.5, 1, 2]) {
      for (const questions of ['calm', 'drop'] as const) candidates.push({ name: `${features}-l2=${l2}-s${scale}-q${questions}`, features, l2, scale, questions });
    }
  }
}

const f3 = (v: number) => v.toFixed(3);
const pc = (v: number) => `${(100 * v).toFixed(0)}%`;
const rules = Object.fromEntries(
  FAMILIES.map((family) => [
    family,
    {
      tuning: scoreFiles(recorded.filter((r) => r.file.entry.family === family && r.file.entry.set === 'tuning').map((r) => r.file), (_, v) => v, DEFAULT_MIN_CONFIDENCE),
      heldout: scoreFiles(recorded.filter((r) => r.file.entry.family === family && r.file.entry.set === 'heldout').map((r) => r.file), (_, v) => v, DEFAULT_MIN_CONFIDENCE),
    },
  ]),
);
console.log(
  `rules: tuning ${FAMILIES.map((f) => `${f} ${f3(rules[f]!.tuning.macroF1)} (Q stmts ${pc(rules[f]!.tuning.statementFalse)}, Q final ${pc(rules[f]!.tuning.questionFinal)})`).join(', ')}` +
    (heldoutNames.size ? `; held-out ${FAMILIES.map((f) => `${f} ${f3(rules[f]!.heldout.macroF1)}`).join(', ')}` : ''),
);
console.log('candidate (fitted on two families\' tuning sentences) | left-out family tuning macro-F1 (espeak flite festival, mean) | Q stmts | held-out if asked');
for (const candidate of candidates) {
  if (only.size && !only.has(candidate.name)) continue;
  const tuning: number[] = [];
  const heldout: number[] = [];
  const qStatements: number[] = [];
  const qFinal: number[] = [];
  const heldoutDetail: string[] = [];
  for (const family of FAMILIES) {
    const trainOn = trainingFor(family);
    const model = fitSoftmax(samplesOf(trainOn, candidate.features, candidate.questions), candidate.features, candidate.l2);
    const scorer = scorerFrom(model, candidate.scale);
    const scoredTuning = scoreFiles(stream(ofSet(family, 'tuning'), scorer).map((r) => r.file), (_, v) => v, DEFAULT_MIN_CONFIDENCE);
    tuning.push(scoredTuning.macroF1);
    qStatements.push(scoredTuning.statementFalse);
    qFinal.push(scoredTuning.questionFinal);
    if (heldoutNames.has(candidate.name)) {
      const scored = scoreFiles(stream(ofSet(family, 'heldout'), scorer).map((r) => r.file), (_, v) => v, DEFAULT_MIN_CONFIDENCE);
      heldout.push(scored.macroF1);
      // Per-label F1 beside the rules', so a loss can be traced to the labels that lost it.
      const f1 = (s: FileScores) => s.perLabel.map((row) => `${row.label.slice(0, 5)} ${f3(row.f1)}`).join(', ');
      heldoutDetail.push(`  ${family} held out, per-label F1 — model: ${f1(scored)}\n  ${' '.repeat(family.length)}                           rules: ${f1(rules[family]!.heldout)}`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const shippedModel = fitSoftmax(samplesOf(trainingFor(undefined), candidate.features, candidate.questions), candidate.features, candidate.l2);
  const gates = args.includes('--gates') ? espeakGates(scorerFrom(shippedModel, candidate.scale)) : undefined;
  console.log(
    `${candidate.name.padEnd(28)} tuning ${tuning.map(f3).join(' ')} (${f3(mean(tuning))})  Q stmts ${qStatements.map(pc).join(' ')} Q final ${qFinal.map(pc).join(' ')}` +
      (gates ? `  espeak eval (fitted on all) ${f3(gates.clean!)} ${f3(gates.snr20!)} ${f3(gates.snr10!)}` : '') +
      (heldout.length ? `  HELD-OUT ${heldout.map(f3).join(' ')} (${f3(mean(heldout))})` : ''),
  );
  if (heldoutDetail.length) console.log(heldoutDetail.join('\n'));
}

