/**
 * Issue 12 experiment: a fitted model (multinomial logistic regression over the window deviations) in
 * place of the hand label rules, judged by the issue's protocol (docs/tone.md, "A fitted model").
 * In each leave-one-family-out rotation the model is fitted ONLY on the other two families' tuning
 * sentences; candidates (features, L2, scale, what Questioning files teach) are compared on the
 * left-out family's TUNING sentences; `--heldout a,b` then scores the named candidates once on the
 * left-out family's held-out sentences. Every file goes through the real engine (hysteresis, confidence,
 * MIN_CONFIDENCE) with the model as its scorer; macro-F1 as `pnpm eval` computes it.
 *   pnpm --filter @linnet/api exec tsx scripts/eval/tone-fit.ts [--gates] [--heldout name,...|pick] [--only name,...]
 *     [--features linear,hinge] [--detail]
 * (`--heldout pick` needs `--gates`, which applies the selection rule; `--detail` prints each candidate's per-label
 * F1 on the left-out family's tuning sentences.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decideToneByRules, DEFAULT_MIN_CONFIDENCE, MODEL_LABELS, toneScorerFor, type ToneModelFeatures, type ToneScorer } from '@linnet/engine';
import type { ToneLabel } from '@linnet/shared';
import { readWav } from '../read-wav.js';
import { FamilyManifestSchema, type FamilyCondition, type SentenceSet } from '../corpus/family-manifest.js';
import { FAMILIES } from '../corpus/family-styles.js';
import { ToneCorpusManifestSchema } from '../corpus/tone-manifest.js';
import { plurality, scores as macroScores, tally, type Confusion } from './tone-metrics.js';
import { scoreFiles, type FileScores } from './family-scoring.js';
import { streamRecorded, trainingSamples } from './family-streaming.js';
import { featureSetsArg, heldoutNames as checkedHeldoutNames, listArg, writeModelName } from './tone-fit-args.js';
import { fitSoftmax, type Sample, type SoftmaxModel } from './tone-model-fit.js';

const ROOT = fileURLToPath(new URL('../../.corpus/families/', import.meta.url));
const MODEL_TABLE = fileURLToPath(new URL('../../../../packages/engine/src/prosody/tone-model-table.ts', import.meta.url));
const args = process.argv.slice(2);
const only = new Set(listArg(args, '--only'));

interface Candidate {
  name: string;
  features: ToneModelFeatures;
  l2: number;
  scale: number;
  questions: 'calm' | 'drop';
}
const candidates: Candidate[] = [];
// The input sets to fit (`--features a,b`; an experiment adds its set to ToneModelFeatures and to this list).
const KNOWN_FEATURES: readonly ToneModelFeatures[] = ['linear', 'hinge'];
for (const features of featureSetsArg(args, KNOWN_FEATURES, 'linear')) {
  for (const l2 of [0.001, 0.01, 0.1]) {
    for (const scale of [0.5, 1]) {
      for (const questions of ['calm', 'drop'] as const) candidates.push({ name: `${features}-l2=${l2}-s${scale}-q${questions}`, features, l2, scale, questions });
    }
  }
}
// Checked before the corpus is read: a held-out look that would score nothing is refused, not skipped.
const heldoutNames = checkedHeldoutNames(
  args,
  candidates.filter((candidate) => !only.size || only.has(candidate.name)).map((candidate) => candidate.name),
);
const writeName = writeModelName(args);

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
  set: SentenceSet;
  segmentStartS: number;
  segmentEndS: number;
  condition: FamilyCondition;
}

/** Stream files through the engine with `scorer`, recording each tone window's deviations. */
const stream = (entries: readonly Entry[], scorer: ToneScorer) => entries.map((entry) => streamRecorded(audio.get(entry.file)!, entry, scorer));

// The deviations do not depend on the scorer (the baseline learns from measurements, not labels): stream once.
const started = Date.now();
const recorded = stream([...manifest.files, ...toneCorpus], decideToneByRules);
console.log(`streamed ${recorded.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
/** A family's files of one sentence set and condition (every condition when none is named). */
const ofSet = (family: string, set: SentenceSet, condition?: FamilyCondition) =>
  manifest.files.filter((e) => e.family === family && e.set === set && (condition === undefined || e.condition === condition));
// Training on the families' noisy copies too (the default since they exist); `--clean-train` as in the first rounds.
const trainConditions = args.includes('--clean-train') ? (['clean'] as const) : (['clean', 'snr20', 'snr10'] as const);
/** The training files of a rotation: the other families' tuning sentences (and the espeak tone corpus unless espeak is left out). */
const trainingFor = (leftOut: string | undefined): Entry[] => [
  ...FAMILIES.filter((other) => other !== leftOut).flatMap((other) => trainConditions.flatMap((condition) => ofSet(other, 'tuning', condition))),
  ...(useEspeakCorpus && leftOut !== 'espeak' ? toneCorpus : []),
];

/** Macro-F1 of the espeak tone corpus per condition, as `pnpm eval` (tone.ts) scores it: plurality of shown segment labels. */
function espeakGates(scorer: ToneScorer): Record<string, number> {
  const confusions: Record<string, Confusion> = { clean: new Map(), snr20: new Map(), snr10: new Map() };
  for (const { file } of stream(toneCorpus, scorer)) {
    const { entry } = file;
    const shown = file.tones.filter((t) => t.raw >= DEFAULT_MIN_CONFIDENCE && t.startS >= entry.segmentStartS - 0.05 && t.startS < entry.segmentEndS);
    tally(confusions[entry.condition]!, entry.label, plurality(shown.map((t) => t.label)));
  }
  return Object.fromEntries(Object.entries(confusions).map(([condition, confusion]) => [condition, macroScores(confusion).macroF1]));
}

/** Training windows of `entries` (trainingSamples over their recordings). */
function samplesOf(entries: readonly Entry[], features: ToneModelFeatures, questions: 'calm' | 'drop'): Sample[] {
  const wanted = new Set(entries.map((e) => e.file));
  return trainingSamples(recorded.filter(({ file }) => wanted.has(file.entry.file)), features, questions);
}

const f3 = (v: number) => v.toFixed(3);
const pc = (v: number) => `${(100 * v).toFixed(0)}%`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const RAW = (_: string, v: number) => v;
/** Each label's F1, abbreviated, on one line. */
const perLabelF1 = (scores: FileScores) => scores.perLabel.map((row) => `${row.label.slice(0, 5)} ${f3(row.f1)}`).join(', ');
const rulesOn = (family: string, set: SentenceSet, condition: FamilyCondition) =>
  scoreFiles(recorded.filter(({ file: { entry } }) => entry.family === family && entry.set === set && entry.condition === condition).map((r) => r.file), RAW, DEFAULT_MIN_CONFIDENCE);
/** What a candidate is chosen on: the left-out family's tuning sentences, clean and at 10 dB SNR. */
const SELECTION = ['clean', 'snr10'] as const;
/** What a chosen candidate is judged on, once: held-out and fresh sentences, clean and at 10 dB. */
const JUDGED = [['heldout', 'clean'], ['heldout', 'snr10'], ['fresh', 'clean'], ['fresh', 'snr10']] as const;
const scorerFrom = (model: SoftmaxModel, scale: number) => toneScorerFor({ ...model, scale });
const rules = Object.fromEntries(FAMILIES.map((family) => [family, Object.fromEntries(SELECTION.map((c) => [c, rulesOn(family, 'tuning', c)]))]));
console.log(`rules, tuning sentences (clean / 10 dB): ${FAMILIES.map((f) => `${f} ${f3(rules[f]!.clean!.macroF1)} / ${f3(rules[f]!.snr10!.macroF1)}`).join(', ')}`);

interface Result {
  candidate: Candidate;
  /** Per family: [clean, snr10] macro-F1 on the left-out family's tuning sentences. */
  tuning: number[][];
  /** Per family: mean over the two conditions of the gain over the rules. */
  gains: number[];
  scorers: ToneScorer[];
}
console.log("candidate (fitted on the other two families' tuning sentences) | left-out tuning macro-F1 clean/10 dB per family | gain per family | worst, mean");
const results: Result[] = [];
for (const candidate of candidates) {
  if (only.size && !only.has(candidate.name)) continue;
  const tuning: number[][] = [];
  const gains: number[] = [];
  const scorers: ToneScorer[] = [];
  for (const family of FAMILIES) {
    const model = fitSoftmax(samplesOf(trainingFor(family), candidate.features, candidate.questions), candidate.features, candidate.l2);
    const scorer = scorerFrom(model, candidate.scale);
    scorers.push(scorer);
    const scored = SELECTION.map((condition) => scoreFiles(stream(ofSet(family, 'tuning', condition), scorer).map((r) => r.file), RAW, DEFAULT_MIN_CONFIDENCE));
    if (args.includes('--detail')) scored.forEach((s, i) => console.log(`  ${family} tuning ${SELECTION[i]}: ${perLabelF1(s)}; Q stmts ${pc(s.statementFalse)}`));
    const figures = scored.map((s) => s.macroF1);
    tuning.push(figures);
    gains.push(mean(figures.map((f, i) => f - rules[family]![SELECTION[i]!]!.macroF1)));
  }
  results.push({ candidate, tuning, gains, scorers });
  console.log(
    `${candidate.name.padEnd(28)} ${tuning.map((t) => t.map(f3).join('/')).join('  ')}  gain ${gains.map((g) => (g >= 0 ? '+' : '') + f3(g)).join(' ')}  worst ${f3(Math.min(...gains))} mean ${f3(mean(gains))}`,
  );
}

// The selection rule, fixed before any held-out or fresh look: the largest worst-family gain (ties: the mean),
// among candidates whose model fitted on all tuning data passes the espeak macro-F1 gates (clean >= 0.80, 10 dB >= 0.70).
results.sort((a, b) => Math.min(...b.gains) - Math.min(...a.gains) || mean(b.gains) - mean(a.gains));
let pick: Result | undefined;
if (args.includes('--gates')) {
  for (const result of results) {
    const { candidate } = result;
    const model = fitSoftmax(samplesOf(trainingFor(undefined), candidate.features, candidate.questions), candidate.features, candidate.l2);
    const gates = espeakGates(scorerFrom(model, candidate.scale));
    const passes = gates.clean! >= 0.8 && gates.snr10! >= 0.7;
    console.log(`espeak eval of ${candidate.name} fitted on all tuning data: ${f3(gates.clean!)} / ${f3(gates.snr20!)} / ${f3(gates.snr10!)} ${passes ? 'passes' : 'fails'} the gates`);
    if (passes) {
      pick = result;
      break;
    }
  }
  console.log(pick ? `PICK by the rule: ${pick.candidate.name}` : 'no candidate passes the espeak gates');
}

// `--heldout name,...` scores the named candidates (or `pick`) once on held-out and fresh sentences.
for (const result of results) {
  const name = result.candidate.name;
  if (!heldoutNames.has(name) && !(pick === result && heldoutNames.has('pick'))) continue;
  console.log(`\n${name}: held out (leave one family out), macro-F1 model vs rules`);
  FAMILIES.forEach((family, i) => {
    const cells = JUDGED.map(([set, condition]) => {
      const model = scoreFiles(stream(ofSet(family, set, condition), result.scorers[i]!).map((r) => r.file), RAW, DEFAULT_MIN_CONFIDENCE);
      const base = rulesOn(family, set, condition);
      return { text: `${set} ${condition} ${f3(model.macroF1)} vs ${f3(base.macroF1)} (Q stmts ${pc(model.statementFalse)} vs ${pc(base.statementFalse)})`, detail: `    ${set} ${condition} per-label model: ${perLabelF1(model)}\n    ${' '.repeat(set.length + condition.length + 1)} per-label rules: ${perLabelF1(base)}` };
    });
    console.log(`  ${family}: ${cells.map((c) => c.text).join('; ')}`);
    console.log(cells.map((c) => c.detail).join('\n'));
  });
}

// `--write-model name` writes the engine's model table: that candidate fitted on all three families' tuning sentences.
if (writeName) {
  const chosen = results.find((result) => result.candidate.name === writeName);
  if (!chosen) throw new Error(`--write-model: no candidate ${writeName} in this run`);
  const { candidate } = chosen;
  const model = fitSoftmax(samplesOf(trainingFor(undefined), candidate.features, candidate.questions), candidate.features, candidate.l2);
  const rows = model.weights.map((row, c) => `    // ${MODEL_LABELS[c]}\n    [${row.map((w) => Number(w.toFixed(4))).join(', ')}],`).join('\n');
  writeFileSync(
    MODEL_TABLE,
    `// Generated by \`pnpm --filter @linnet/api exec tsx scripts/eval/tone-fit.ts --only ${candidate.name} --write-model ${candidate.name}\`: do not edit.\n` +
      `// Multinomial logistic model (${candidate.features} inputs, L2 ${candidate.l2}, Questioning files ${candidate.questions === 'drop' ? 'left out' : 'taught as Calm'}), fitted on the\n` +
      `// tuning sentences of all three synthesiser families of .corpus/families, clean and at 20 and 10 dB SNR,\n` +
      `// ${new Date().toISOString().slice(0, 10)}; docs/tone.md, "A fitted model, shipped". Rows in MODEL_LABELS order, inputs as toneModelInputs lists them.\n` +
      `import type { ToneModel, ToneModelTraining } from './tone-model.js';\n\n` +
      `export const TONE_MODEL: ToneModel = {\n  features: '${candidate.features}',\n  scale: ${candidate.scale},\n  weights: [\n${rows}\n  ],\n};\n\n` +
      `/** How it was fitted, so \`pnpm eval\` can refit it without each left-out family (leave one family out). */\n` +
      `export const TONE_MODEL_TRAINING: ToneModelTraining = { l2: ${candidate.l2}, questions: '${candidate.questions}' };\n`,
  );
  console.log(`wrote ${MODEL_TABLE}`);
}
