/**
 * `pnpm eval:learning`: do the user's corrections make Linnet's tone labels better? A simulated user
 * rates every tone label shown on one half of the tone corpus by its truth (thumbs up when it is the
 * file's label, down otherwise); the per-label shifts learnt from those ratings
 * (src/calibration/label-calibration.ts) are applied to the other half, scored as `pnpm eval`
 * scores it (a file's label = plurality of its segment's shown tone events), before and after.
 * Halves split by utterance, so no sentence is rated on one side and scored on the other.
 * TONE_CORPUS_DIR overrides the corpus folder (`pnpm corpus` writes it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseWav, DEFAULT_MIN_CONFIDENCE, type EngineEvent } from '@linnet/engine';
import { TONE_LABELS } from '@linnet/shared';
import { labelThreshold, learnShifts, type LabelRating, type LabelShift } from '../../src/calibration/label-calibration.js';
import { ToneCorpusManifestSchema, type ToneCorpusEntry } from '../corpus/tone-manifest.js';
import { readWav } from '../read-wav.js';
import { scores, tally, type Confusion } from './tone-metrics.js';

const DIR = process.env.TONE_CORPUS_DIR ?? fileURLToPath(new URL('../../.corpus/tone/', import.meta.url));
const WINDOW_MS = 1000;
const MIN_CONFIDENCE = Number(process.env.MIN_CONFIDENCE ?? DEFAULT_MIN_CONFIDENCE);

type ToneOnly = Extract<EngineEvent, { event_type: 'tone' }>;
interface ScoredFile {
  entry: ToneCorpusEntry;
  /** Every tone event of the labelled segment, at any confidence: the shifts decide which are shown. */
  tones: ToneOnly[];
}

function segmentTones(entry: ToneCorpusEntry): ToneOnly[] {
  const tones: ToneOnly[] = [];
  analyseWav(readWav(`${DIR}${entry.file}`), {
    windowMs: WINDOW_MS,
    finalWindow: 'skip',
    onWindow: (events) => {
      for (const event of events) {
        if (event.event_type === 'tone' && event.timestamp >= entry.segmentStartS! - 0.05 && event.timestamp < entry.segmentEndS!) tones.push(event);
      }
    },
  });
  return tones;
}

function plurality(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best = 'none';
  let bestCount = 0;
  for (const [label, count] of counts) if (count > bestCount) [best, bestCount] = [label, count];
  return best;
}

const shown = (file: ScoredFile, shifts: Map<string, LabelShift>) =>
  file.tones.filter((event) => event.confidence >= labelThreshold(shifts, event.label, MIN_CONFIDENCE));

function score(files: ScoredFile[], shifts: Map<string, LabelShift>) {
  const confusion: Confusion = new Map();
  for (const file of files) tally(confusion, file.entry.label!, plurality(shown(file, shifts).map((event) => event.label)));
  return scores(confusion);
}

/** The utterance a file was made from: its name without the condition suffix. */
const utterance = (entry: ToneCorpusEntry) => entry.file.replace(/(\.snr\d+)?\.wav$/, '');

const manifest = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')));
const toneEntries = manifest.files.filter((entry) => entry.kind === 'tone');
const utterances = [...new Set(toneEntries.map(utterance))].sort();
const trainUtterances = new Set(utterances.filter((_, i) => i % 2 === 0));
const files: ScoredFile[] = toneEntries.map((entry) => ({ entry, tones: segmentTones(entry) }));
const train = files.filter((file) => trainUtterances.has(utterance(file.entry)));
const test = files.filter((file) => !trainUtterances.has(utterance(file.entry)));

// The simulated user rates what they were shown, in corpus order.
const ratings: LabelRating[] = train.flatMap((file) =>
  shown(file, new Map()).map((event) => ({ label: event.label, rating: event.label === file.entry.label ? 'up' : 'down' }) as LabelRating),
);

const before = score(test, new Map());
const shifts = learnShifts(ratings);
const after = score(test, shifts);
const f = (value: number) => value.toFixed(3);

console.log(`== labels that learn: ${train.length} files rated, ${test.length} files scored (min confidence ${MIN_CONFIDENCE}) ==`);
console.log(`simulated corrections: ${ratings.length} (${ratings.filter((r) => r.rating === 'down').length} thumbs down)`);
console.log('label            ups downs  shift   precision before→after  recall before→after  F1 before→after');
for (const label of TONE_LABELS) {
  const learnt = shifts.get(label);
  const b = before.perLabel.find((row) => row.label === label)!;
  const a = after.perLabel.find((row) => row.label === label)!;
  console.log(
    `${label.padEnd(15)} ${String(learnt?.ups ?? 0).padStart(4)} ${String(learnt?.downs ?? 0).padStart(5)} ${(learnt?.shift ?? 0).toFixed(3).padStart(6)}   ` +
      `${f(b.precision)} → ${f(a.precision)}          ${f(b.recall)} → ${f(a.recall)}        ${f(b.f1)} → ${f(a.f1)}`,
  );
}
const macro = (rows: typeof before.perLabel, key: 'precision' | 'recall') => rows.reduce((sum, row) => sum + row[key], 0) / rows.length;
console.log(
  `macro precision ${f(macro(before.perLabel, 'precision'))} → ${f(macro(after.perLabel, 'precision'))}, ` +
    `macro recall ${f(macro(before.perLabel, 'recall'))} → ${f(macro(after.perLabel, 'recall'))}, ` +
    `macro-F1 ${f(before.macroF1)} → ${f(after.macroF1)}`,
);

// What the user sees second by second: shown segment windows and how many carry the file's label.
function windows(shifts: Map<string, LabelShift>) {
  let right = 0;
  let total = 0;
  for (const file of test) {
    const seen = shown(file, shifts);
    total += seen.length;
    right += seen.filter((event) => event.label === file.entry.label).length;
  }
  return { right, total };
}
const [wb, wa] = [windows(new Map()), windows(shifts)];
console.log(
  `per window: ${wb.right} of ${wb.total} shown windows right (${f(wb.right / wb.total)}) → ${wa.right} of ${wa.total} (${f(wa.right / wa.total)})`,
);

// How many corrections the gain takes: learn from the first n ratings only.
const steps = [10, 25, 50, 100, 200, 400].filter((n) => n < ratings.length).concat(ratings.length);
console.log(`macro-F1 after n corrections: ${steps.map((n) => `${n}: ${f(score(test, learnShifts(ratings.slice(0, n))).macroF1)}`).join(', ')}`);

// Learning must never make the labels worse than a small tolerance on held-out files.
if (after.macroF1 < before.macroF1 - 0.02) {
  console.error(`FAIL labels that learn: held-out macro-F1 fell from ${f(before.macroF1)} to ${f(after.macroF1)}`);
  process.exit(1);
}
console.log('PASS labels that learn');
