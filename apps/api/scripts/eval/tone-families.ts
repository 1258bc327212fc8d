/**
 * `pnpm eval` (cross-family part): the tone engine on three synthesiser families (espeak-ng, flite,
 * Festival; `.corpus/families/`, rendered by `pnpm corpus`), scored on held-out sentences per family
 * and leave-one-family-out: the calibration map (the one fitted part) is fitted on the other two
 * families' tuning sentences, and the left-out family's held-out sentences are scored with it.
 * Prints per-family and leave-one-out tables, Questioning per phrase and calibration (reliability
 * bins, ECE, confident-wrong share); gates on the held-out figures; writes the label reliability
 * the web app quotes (`.corpus/families/reliability.json`, ToneReliabilitySchema).
 * `--write-diagram` also writes the held-out reliability diagram to docs/tone-reliability.svg.
 * `--write-calibration` writes the engine's calibration table, cross-fitted on all families' tuning sentences
 * (each family's windows scored by the model refitted without it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calibrateConfidence, calibrationTableFor, decideTone, DEFAULT_MIN_CONFIDENCE, observedPrecision, TONE_MODEL, TONE_MODEL_TRAINING, toneScorerFor, type CalibrationKnots, type ToneScorer } from '@linnet/engine';
import { TONE_LABELS, ToneReliabilitySchema, type ToneReliability } from '@linnet/shared';
import { readWav } from '../read-wav.js';
import { FamilyManifestSchema, type FamilyCondition, type FamilyEntry, type SentenceSet } from '../corpus/family-manifest.js';
import { FAMILIES } from '../corpus/family-styles.js';
import { fitIsotonic, lowerEnvelope } from './family-calibration.js';
import { gateFailures, type FamilyGates } from './family-gates.js';
import { calibrationSamples, scoreFiles, type ConfidenceOf, type FileScores, type StreamedFile } from './family-scoring.js';
import { streamRecorded, trainingSamples } from './family-streaming.js';
import { formatConfusion } from './tone-metrics.js';
import { RotationModels } from './family-rotation.js';
import { fitSoftmax } from './tone-model-fit.js';
import { reliabilityDiagramSvg } from './reliability-diagram.js';

const ROOT = fileURLToPath(new URL('../../.corpus/families/', import.meta.url));
const DIAGRAM = fileURLToPath(new URL('../../../../docs/tone-reliability.svg', import.meta.url));
const TABLE = fileURLToPath(new URL('../../../../packages/engine/src/prosody/confidence-calibration-table.ts', import.meta.url));
const MIN_CONFIDENCE = Number(process.env.MIN_CONFIDENCE ?? DEFAULT_MIN_CONFIDENCE);
const args = process.argv.slice(2);

/** The issue's targets on held-out data, every family (docs/tone.md): printed as met or missed. */
const TARGETS = { macroF1: 0.85, dominance: 0.7, questionFinal: 0.8, statementFalse: 0.05, ece: 0.05, confidentWrong: 0.05 };
/**
 * The gate, on the held-out (leave-one-family-out) figures: what the fitted model reached (docs/tone.md,
 * "A fitted model, shipped": worst family macro-F1 0.633 clean, 0.609 at 10 dB, 0.655 on fresh
 * sentences; Questioning on 12.2 % of statements; ECE 0.120; pooled ECE 0.039 and confident-wrong
 * 5.0 %), with a margin of about one file or a few windows, so a change that loses ground on unfamiliar
 * voices fails. One figure rose with the model and its gate was raised with it, said so in docs/tone.md:
 * Festival's confident-wrong share (3.4 % with the rules on this corpus, 11.5 % with the model) — hence the
 * per-family bound of 14 % beside the pooled one of 6 %. The phone-line gate (held-out copies through a
 * narrowband line) is what the pitch tracker's phone-line mode reached, worst family 0.565 (flite; 0.438
 * without it), less about one file, and its confident-wrong share what the phone line's own calibration
 * map reached, worst family 3.0 % (Festival; 19.9 % through the full-band map) with a margin
 * (docs/tone.md, "A phone line"). The issue's targets (TARGETS) are printed, not gated.
 */
const GATES: FamilyGates = { macroF1: 0.6, noisyMacroF1: 0.56, freshMacroF1: 0.6, phoneMacroF1: 0.52, phoneConfidentWrong: 0.06, statementFalse: 0.15, ece: 0.15, confidentWrong: 0.14, pooledEce: 0.06, pooledConfidentWrong: 0.06 };

const manifest = FamilyManifestSchema.parse(JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')));
/**
 * What the shipped model and calibration are fitted on: tuning sentences clean and in noise. The phone-line
 * copies are scored, never fitted on (the model as shipped was fitted before they existed).
 */
const FITTED_CONDITIONS: readonly FamilyCondition[] = ['clean', 'snr20', 'snr10'];
const fittedOn = (entry: FamilyEntry) => entry.set === 'tuning' && FITTED_CONDITIONS.includes(entry.condition);
/** The calibration has a map of its own for windows heard through a phone line, fitted on the phone-line tuning copies. */
const calibratedOn = (entry: FamilyEntry) => fittedOn(entry) || (entry.set === 'tuning' && entry.condition === 'phone');
const started = Date.now();
const audioOf = (entry: FamilyEntry) => readWav(`${ROOT}${entry.file}`);
// Every file through the engine as shipped (raw confidence), recording each tone window's deviations.
const recorded = manifest.files.map((entry) => streamRecorded(audioOf(entry), entry, decideTone));
const streamed: StreamedFile[] = recorded.map(({ file }) => file);
/** A left-out family's files of one set and condition, streamed with the model fitted without that family. */
const inRotation = (family: string, set: SentenceSet, condition: FamilyCondition = 'clean') =>
  rotation.get(family)!.filter(({ entry }) => entry.set === set && entry.condition === condition);
/** A family's files of one sentence set, clean unless asked (the noisy copies have their own rows). */
const of = (family: string, set: SentenceSet, condition: FamilyCondition = 'clean') =>
  streamed.filter(({ entry }) => entry.family === family && entry.set === set && entry.condition === condition);

/**
 * The calibration map fitted on these files' segment windows, as a confidence function: as shipped
 * (floored at the bar) and unfloored (each shown label quoted at its observed precision).
 */
function fitted(groups: StreamedFile[][]) {
  // One map per group (family), then their lower envelope per label; full-band windows and phone-line ones apart.
  const envelope = (narrowband: boolean) => {
    const maps = new Map<string, CalibrationKnots[]>();
    for (const files of groups) {
      for (const [label, samples] of calibrationSamples(files, MIN_CONFIDENCE, narrowband)) maps.set(label, [...(maps.get(label) ?? []), fitIsotonic(samples)]);
    }
    const table: Record<string, CalibrationKnots> = {};
    for (const [label, list] of maps) table[label] = lowerEnvelope(list);
    return table;
  };
  const table = envelope(false);
  // A label no phone-line window showed keeps its full-band map.
  const phoneTable = { ...table, ...envelope(true) };
  const tableOf = (narrowband: boolean) => (narrowband ? phoneTable : table);
  const confidenceOf: ConfidenceOf = (label, value, _, narrowband) => calibrateConfidence(label, value, tableOf(narrowband));
  const unflooredOf: ConfidenceOf = (label, value, _, narrowband) => observedPrecision(label, value, tableOf(narrowband));
  return { table, phoneTable, confidenceOf, unflooredOf };
}
const raw: ConfidenceOf = (_, value) => value;

const f3 = (value: number) => value.toFixed(3);
const pc = (value: number) => `${(100 * value).toFixed(1)} %`;
function row(name: string, s: FileScores): string {
  const dominant = s.dominance.filter((d) => d.share >= TARGETS.dominance).length;
  const weakest = [...s.dominance].sort((a, b) => a.share - b.share)[0]!;
  return [
    name.padEnd(34),
    String(s.files).padStart(5),
    f3(s.macroF1).padStart(9),
    `${dominant}/8 (min ${weakest.label} ${pc(weakest.share)})`.padStart(32),
    pc(s.questionFinal).padStart(9),
    pc(s.statementFalse).padStart(9),
    f3(s.calibration.ece).padStart(7),
    pc(s.calibration.confidentWrong).padStart(9),
  ].join(' ');
}
const HEADER = `${'set'.padEnd(34)} files  macro-F1  styles dominant in >= 70 % of files   Q final  Q stmts     ECE  conf-wrong`;

console.log(`\n== tone families: ${streamed.length} files streamed in ${((Date.now() - started) / 1000).toFixed(1)} s ==`);
console.log('\n-- per family, raw rule confidence (no calibration): tuning / held-out sentences --');
console.log(HEADER);
for (const family of FAMILIES) {
  console.log(row(`${family} tuning`, scoreFiles(of(family, 'tuning'), raw, MIN_CONFIDENCE)));
  console.log(row(`${family} held-out`, scoreFiles(of(family, 'heldout'), raw, MIN_CONFIDENCE)));
}

console.log('\n-- per family, engine as shipped (calibration table fitted on all three families\' tuning sentences) --');
console.log(HEADER);
const shipped: ConfidenceOf = (label, value, _, narrowband) => calibrateConfidence(label, value, calibrationTableFor(narrowband));
for (const family of FAMILIES) {
  console.log(row(`${family} tuning`, scoreFiles(of(family, 'tuning'), shipped, MIN_CONFIDENCE)));
  console.log(row(`${family} held-out`, scoreFiles(of(family, 'heldout'), shipped, MIN_CONFIDENCE)));
  console.log(row(`${family} held-out phone`, scoreFiles(of(family, 'heldout', 'phone'), shipped, MIN_CONFIDENCE)));
}

console.log(
  "\n-- leave one family out: the model refitted on the other two families' tuning sentences (clean and noisy), the calibration cross-fitted on them, this family's sentences scored --",
);
console.log(HEADER);
const heldOut: Array<{ family: string; scores: FileScores }> = [];
const heldOutUnfloored: Array<{ family: string; scores: FileScores }> = [];
const pooled: StreamedFile[] = [];
const byFamily = new Map<string, ReturnType<typeof fitted>>();
/** Per left-out family: its held-out and fresh files (every condition) streamed with the model fitted without it. */
const rotation = new Map<string, StreamedFile[]>();
const rotationStarted = Date.now();
/** The shipped model's recipe refitted on the tuning sentences (clean and noisy) of every family but `without`. */
const models = new RotationModels((without) => {
  const training = recorded.filter(({ file: { entry } }) => !without.includes(entry.family) && fittedOn(entry));
  const model = fitSoftmax(trainingSamples(training, TONE_MODEL.features, TONE_MODEL_TRAINING.questions), TONE_MODEL.features, TONE_MODEL_TRAINING.l2);
  return toneScorerFor({ ...model, scale: TONE_MODEL.scale });
});
const modelWithout = (...without: string[]) => models.without(...without);
const restream = (files: readonly StreamedFile[], scorer: ToneScorer) =>
  models.streamed(files.map(({ entry }) => streamRecorded(audioOf(entry), entry, scorer).file));
/**
 * Calibration windows cross-fitted: each of `families`' tuning files (clean and noisy) scored by a model that never
 * heard that family (nor `alsoWithout`), so the map learns how often labels are right on an unfamiliar
 * voice — the case of every real user — not on voices the model was fitted on.
 */
const crossFitted = (families: readonly string[], alsoWithout: string[] = []) =>
  families.map((family) => restream(streamed.filter(({ entry }) => entry.family === family && calibratedOn(entry)), modelWithout(family, ...alsoWithout)));
for (const family of FAMILIES) {
  const map = fitted(crossFitted(FAMILIES.filter((other) => other !== family), [family]));
  byFamily.set(family, map);
  rotation.set(
    family,
    restream(
      streamed.filter(({ entry }) => entry.family === family && (entry.set !== 'tuning' || entry.condition !== 'snr20')),
      modelWithout(family),
    ),
  );
  const files = inRotation(family, 'heldout');
  const scores = scoreFiles(files, map.confidenceOf, MIN_CONFIDENCE);
  heldOut.push({ family, scores });
  heldOutUnfloored.push({ family, scores: scoreFiles(files, map.unflooredOf, MIN_CONFIDENCE) });
  pooled.push(...files);
  console.log(row(`${family} (fitted on the other two)`, scores));
}
// Pool the three rotations, each file through the map fitted without its family.
const pooledScores = scoreFiles(pooled, (label, value, family, narrowband) => byFamily.get(family)!.confidenceOf(label, value, family, narrowband), MIN_CONFIDENCE);
console.log(row('all three, pooled', pooledScores));
// The same rotations on the noisy, phone-line and room copies of the held-out files and on the fresh sentences.
const rotationRows: Array<{ family: string; set: SentenceSet; condition: FamilyCondition; scores: FileScores }> = [];
const ROTATION_ROWS = [
  ['tuning', 'clean'],
  ['tuning', 'snr10'],
  ['tuning', 'phone'],
  ['tuning', 'room'],
  ['heldout', 'snr20'],
  ['heldout', 'snr10'],
  ['heldout', 'phone'],
  ['heldout', 'room'],
  ['fresh', 'clean'],
  ['fresh', 'snr20'],
  ['fresh', 'snr10'],
  ['fresh', 'phone'],
  ['fresh', 'room'],
] as const;
for (const [set, condition] of ROTATION_ROWS) {
  for (const family of FAMILIES) {
    const scores = scoreFiles(inRotation(family, set, condition), byFamily.get(family)!.confidenceOf, MIN_CONFIDENCE);
    rotationRows.push({ family, set, condition, scores });
    console.log(row(`${family} ${set === 'heldout' ? 'held-out' : set}${condition === 'clean' ? '' : ` ${condition}`}`, scores));
  }
}
// Every model and restream counts: the calibration's (each family without a second one) as well as the rotations'.
console.log(`(rotations: ${models.fitted} models fitted and ${models.filesStreamed} files streamed in ${((Date.now() - rotationStarted) / 1000).toFixed(1)} s)`);
const pooledUnfloored = scoreFiles(pooled, (label, value, family, narrowband) => byFamily.get(family)!.unflooredOf(label, value, family, narrowband), MIN_CONFIDENCE);
console.log('\n-- the same, a shown label quoted at its calibrated precision even under the bar (not floored at 0.5; the shown labels are the same) --');
console.log(HEADER);
for (const { family, scores } of heldOutUnfloored) console.log(row(`${family} (tuned on the other two)`, scores));
console.log(row('all three, pooled', pooledUnfloored));

for (const { family, scores } of heldOut) {
  console.log(`\n${family}, held out — confusion (files) and per-style dominance:`);
  console.log(formatConfusion(scores.confusion));
  console.log(scores.dominance.map((d) => `${d.label} ${pc(d.share)}`).join(', '));
}

function reliabilityTable(title: string, scores: FileScores) {
  console.log(`\n-- ${title} --`);
  console.log(`${'label'.padEnd(15)}     n  precision  mean conf    ECE  conf-wrong  reliability bins (from-to: n, mean confidence -> precision)`);
  for (const label of TONE_LABELS) {
    const r = scores.perLabelReliability[label]!;
  const bins = r.bins.map((b) => `${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${b.n}, ${b.confidence.toFixed(2)}->${b.precision.toFixed(2)}`).join('; ');
    console.log(`${label.padEnd(15)} ${String(r.n).padStart(5)} ${f3(r.precision).padStart(10)} ${f3(r.meanConfidence).padStart(10)} ${f3(r.ece).padStart(6)} ${pc(r.confidentWrong).padStart(11)}  ${bins}`);
  }
  const all = scores.calibration;
  console.log(`${'all'.padEnd(15)} ${String(all.n).padStart(5)} ${f3(all.precision).padStart(10)} ${f3(all.meanConfidence).padStart(10)} ${f3(all.ece).padStart(6)} ${pc(all.confidentWrong).padStart(11)}`);
}
reliabilityTable('calibration per label, held-out sentences of all three families, raw rule confidence: shown windows', scoreFiles(FAMILIES.flatMap((family) => of(family, 'heldout')), raw, MIN_CONFIDENCE));
reliabilityTable('calibration per label, held out (leave-one-family-out, pooled): shown windows', pooledScores);
reliabilityTable('calibration per label, held out (leave-one-family-out, pooled), not floored: shown windows', pooledUnfloored);

const targetLines: string[] = [];
for (const { family, scores } of heldOut) {
  const missed: string[] = [];
  if (scores.macroF1 < TARGETS.macroF1) missed.push(`macro-F1 ${f3(scores.macroF1)} < ${TARGETS.macroF1}`);
  const weak = scores.dominance.filter((d) => d.share < TARGETS.dominance).map((d) => `${d.label} ${pc(d.share)}`);
  if (weak.length) missed.push(`dominant in < 70 %: ${weak.join(', ')}`);
  if (scores.questionFinal < TARGETS.questionFinal) missed.push(`Questioning on ${pc(scores.questionFinal)} of questions' final phrases < 80 %`);
  if (scores.statementFalse > TARGETS.statementFalse) missed.push(`Questioning on ${pc(scores.statementFalse)} of statements > 5 %`);
  if (scores.calibration.ece > TARGETS.ece) missed.push(`ECE ${f3(scores.calibration.ece)} > ${TARGETS.ece}`);
  if (scores.calibration.confidentWrong > TARGETS.confidentWrong) missed.push(`confident-wrong ${pc(scores.calibration.confidentWrong)} > 5 %`);
  targetLines.push(`${family}: ${missed.length ? `missed — ${missed.join('; ')}` : 'all targets met'}`);
}
console.log(`\n-- the issue's targets (held out, every family) --\n${targetLines.join('\n')}`);

const reliabilityOut: ToneReliability = ToneReliabilitySchema.parse({
  source: 'pnpm corpus && pnpm eval (scripts/eval/tone-families.ts, leave-one-family-out, held-out sentences)',
  date: new Date().toISOString().slice(0, 10),
  families: heldOut.map(({ family, scores }) => ({ family, macroF1: Math.round(scores.macroF1 * 1000) / 1000 })),
  labels: TONE_LABELS.map((label) => {
    const r = pooledScores.perLabelReliability[label]!;
    return { label, shown: r.n, precision: Math.round(r.precision * 1000) / 1000, ece: Math.round(r.ece * 1000) / 1000 };
  }),
});
writeFileSync(`${ROOT}reliability.json`, `${JSON.stringify(reliabilityOut, null, 1)}\n`);
console.log(`\nwrote ${ROOT}reliability.json (pnpm --filter @linnet/api exec tsx scripts/eval/publish-label-figures.ts copies it to the web app)`);
// The reliability diagram of the same windows; `--write-diagram` also puts it in docs/ (docs/tone.md shows it).
const diagram = reliabilityDiagramSvg(
  `Tone label reliability, held out (leave one family out, pooled), ${reliabilityOut.date}`,
  `${pooledScores.calibration.n} shown windows of ${pooled.length} held-out files (espeak-ng, flite, Festival), each family scored by the model and calibration fitted without it.`,
  [...TONE_LABELS.map((label) => ({ label, ...pooledScores.perLabelReliability[label]! })), { label: 'all labels', ...pooledScores.calibration }],
);
writeFileSync(`${ROOT}reliability.svg`, diagram);
if (args.includes('--write-diagram')) writeFileSync(DIAGRAM, diagram);
console.log(`wrote ${ROOT}reliability.svg${args.includes('--write-diagram') ? ` and ${DIAGRAM}` : ''}`);

if (args.includes('--write-calibration')) {
  const { table, phoneTable } = fitted(crossFitted(FAMILIES));
  const body = (of: Record<string, CalibrationKnots>) =>
    TONE_LABELS.filter((label) => of[label])
      .map((label) => `  ${JSON.stringify(label)}: { raw: [${of[label]!.raw.join(', ')}], precision: [${of[label]!.precision.join(', ')}] },`)
      .join('\n');
  writeFileSync(
    TABLE,
    `// Generated by \`pnpm --filter @linnet/api exec tsx scripts/eval/tone-families.ts --write-calibration\`: do not edit.\n` +
      `// Isotonic maps (raw rule confidence -> share of windows right), fitted on the tuning sentences of all three\n` +
      `// synthesiser families of .corpus/families (${FAMILIES.join(', ')}), ${new Date().toISOString().slice(0, 10)}; docs/tone.md, "Calibration".\n` +
      `export const CONFIDENCE_CALIBRATION = {\n${body(table)}\n} as const;\n` +
      `// Windows heard through a narrowband phone line (frames.ts), fitted on the phone-line copies of the same\n` +
      `// tuning files; docs/tone.md, "A phone line".\n` +
      `export const CONFIDENCE_CALIBRATION_PHONE = {\n${body(phoneTable)}\n} as const;\n`,
  );
  console.log(`wrote ${TABLE}`);
}

const failures = gateFailures(GATES, { heldOut, rotationRows, pooled: pooledScores });
if (failures.length) {
  console.error(`\nFAIL tone families eval:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\nPASS tone families eval (held-out gates)');
