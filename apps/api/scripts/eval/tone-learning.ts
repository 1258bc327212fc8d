/**
 * `pnpm eval:learning` (and the last step of `pnpm eval`): do the user's corrections make Linnet's
 * tone labels better? A simulated user corrects every tone label shown on one half of the tone
 * corpus by its truth (thumbs up when it is the file's label, otherwise thumbs down naming the
 * file's label), in a fixed shuffled order; the per-label offsets learnt from those corrections
 * (src/learning/label-learning.ts) are handed to the engine for the other half, scored as
 * `pnpm eval` scores it (a file's label = plurality of its segment's shown tone events), before and
 * after, and after the first n corrections only. Halves split by utterance, so no sentence is
 * rated on one side and scored on the other; nothing is tuned on the scored half.
 * `--cv` prints (instead, never touching the scored half) the two-fold cross-validation inside the rated half that chose LEARNING_LIMITS
 * (directionZ, priorRatings, step) by the worst gain over every n on the curve.
 * TONE_CORPUS_DIR overrides the corpus folder (`pnpm corpus` writes it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseWav, DEFAULT_MIN_CONFIDENCE, type EngineEvent, type LabelOffsets } from '@linnet/engine';
import { learnLabels, LEARNING_LIMITS, type ToneRating } from '../../src/learning/label-learning.js';
import { ToneCorpusManifestSchema, type ToneCorpusEntry } from '../corpus/tone-manifest.js';
import { readWav } from '../read-wav.js';
import { plurality, scores, tally, type Confusion } from './tone-metrics.js';

const DIR = process.env.TONE_CORPUS_DIR ?? fileURLToPath(new URL('../../.corpus/tone/', import.meta.url));
const WINDOW_MS = 1000;
const MIN_CONFIDENCE = Number(process.env.MIN_CONFIDENCE ?? DEFAULT_MIN_CONFIDENCE);
// The aim: learning never makes the held-out labels worse than this (macro-F1) after ANY number of
// corrections on the curve — a user who gives 100 corrections must not get worse labels. Not met yet
// (docs/tone.md, "Labels that learn": two files worse after 400), so it is printed, not gated.
const TARGET_TOLERANCE = 0.005;
// The gate: no worse than today's rule at its worst point on the curve (0.911 against 0.923 after 400
// corrections, two files of 144; the rule before it fell 0.028). A change to the rule that deepens
// the dip fails `pnpm eval`.
const REGRESSION_TOLERANCE = 0.015;

type ToneOnly = Extract<EngineEvent, { event_type: 'tone' }>;

/** The shown tone events (≥ MIN_CONFIDENCE) of a file's labelled segment, with the engine given `offsets`. */
function shownTones(entry: ToneCorpusEntry, audio: ReturnType<typeof readWav>, offsets: LabelOffsets | undefined): ToneOnly[] {
  const tones: ToneOnly[] = [];
  analyseWav(audio, {
    windowMs: WINDOW_MS,
    finalWindow: 'skip',
    labelOffsets: offsets,
    onWindow: (events) => {
      for (const event of events) {
        if (event.event_type !== 'tone' || event.confidence < MIN_CONFIDENCE) continue;
        if (event.timestamp >= entry.segmentStartS! - 0.05 && event.timestamp < entry.segmentEndS!) tones.push(event);
      }
    },
  });
  return tones;
}

interface CorpusFile {
  entry: ToneCorpusEntry;
  audio: ReturnType<typeof readWav>;
  /** The simulated user's ratings of this file without learning, once computed. */
  ratings?: ToneRating[];
}

/** File-level scores and shown windows of `files` with the engine given `offsets`. */
function evaluate(files: CorpusFile[], offsets: LabelOffsets | undefined) {
  const confusion: Confusion = new Map();
  let right = 0;
  let shown = 0;
  for (const { entry, audio } of files) {
    const tones = shownTones(entry, audio, offsets);
    tally(confusion, entry.label!, plurality(tones.map((event) => event.label)));
    shown += tones.length;
    right += tones.filter((event) => event.label === entry.label).length;
  }
  const result = scores(confusion);
  const macro = (key: 'precision' | 'recall') => result.perLabel.reduce((sum, row) => sum + row[key], 0) / result.perLabel.length;
  return { ...result, precision: macro('precision'), recall: macro('recall'), right, shown };
}

/** The simulated user: every shown label of `files` corrected by the file's truth, in the files' order. */
function corrections(files: CorpusFile[]): ToneRating[] {
  return files.flatMap((file) => {
    // The cross-validation reads each file in several orders: analyse it once.
    if (!file.ratings) file.ratings = shownTones(file.entry, file.audio, undefined).map((event) => ({ shown: event.label, correct: file.entry.label! }));
    return file.ratings;
  });
}

/** A fixed shuffle (mulberry32), so the first n corrections span labels as a real user's would. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The utterance a file was made from: its name without the condition suffix. */
const utterance = (entry: ToneCorpusEntry) => entry.file.replace(/(\.snr\d+)?\.wav$/, '');
/** Files whose utterance falls on the even (or odd) places of the sorted utterances. */
function halves(files: CorpusFile[]): [CorpusFile[], CorpusFile[]] {
  const utterances = [...new Set(files.map((file) => utterance(file.entry)))].sort();
  const even = new Set(utterances.filter((_, i) => i % 2 === 0));
  return [files.filter((file) => even.has(utterance(file.entry))), files.filter((file) => !even.has(utterance(file.entry)))];
}

const manifest = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')));
const all: CorpusFile[] = manifest.files
  .filter((entry) => entry.kind === 'tone')
  .map((entry) => ({ entry, audio: readWav(`${DIR}${entry.file}`) }));
const [rated, scored] = halves(all);
const f = (value: number) => value.toFixed(3);

// The numbers of corrections the curve is read at, on the scored half and in the cross-validation.
const CURVE_N = [10, 25, 50, 100, 200, 400, Infinity];

if (process.argv.includes('--cv')) {
  // Two-fold cross-validation inside the rated half only: learn from the first n corrections of one
  // quarter, score the other. A user must never be made worse off on the way to the gain, so the
  // criterion is the worst gain over every n in CURVE_N, both folds and five orders, not the mean or the final figure.
  const [a, b] = halves(rated);
  const bases = new Map([a, b].map((quarter) => [quarter, evaluate(quarter, undefined).macroF1]));
  // Both ways round, each in five correction orders: which labels the first n corrections touch
  // depends on the order, and a dip in any order is a user made worse off.
  const folds = [11, 23, 37, 41, 53].flatMap((seed) => [
    { learn: corrections(shuffled(a, seed)), score: b, base: bases.get(b)! },
    { learn: corrections(shuffled(b, seed)), score: a, base: bases.get(a)! },
  ]);
  // Many settings and orders learn the same offsets (or none): score each distinct set once per quarter.
  const caches = new Map([a, b].map((quarter) => [quarter, new Map<string, number>()]));
  const gain = (fold: (typeof folds)[number], offsets: LabelOffsets | undefined) => {
    if (!offsets) return 0;
    const key = JSON.stringify(offsets);
    const cache = caches.get(fold.score)!;
    if (!cache.has(key)) cache.set(key, evaluate(fold.score, offsets).macroF1 - fold.base);
    return cache.get(key)!;
  };
  const grid = [];
  for (const directionZ of [0, 1.96]) {
    for (const priorRatings of [240, 480, 960]) {
      for (const step of [1, 2, 4]) {
        const limits = { ...LEARNING_LIMITS, step, priorRatings, directionZ };
        const perFold = CURVE_N.map((n) => folds.map((fold) => gain(fold, learnLabels(fold.learn.slice(0, n), limits).offsets)));
        const gains = perFold.map((perN) => perN.reduce((sum, g) => sum + g, 0) / perN.length);
        // Worst over every n, fold and order; ties go to the larger mean gain over the whole curve.
        const worst = Math.min(...perFold.flat());
        const mean = gains.reduce((sum, g) => sum + g, 0) / gains.length;
        grid.push({ directionZ, priorRatings, step, worst, mean });
        console.log(
          `cv z ${directionZ} prior ${priorRatings} step ${step}: mean gain after 10/25/50/100/200/400/all ${gains.map(f).join(' / ')}, ` +
            `worst ${f(worst)}, mean ${f(mean)}`,
        );
      }
    }
  }
  // A file is 1/72 of a quarter's macro-F1, so the worst case ties often; ties go to the larger mean gain.
  const best = grid.reduce((x, y) => (y.worst > x.worst + 1e-9 || (Math.abs(y.worst - x.worst) < 1e-9 && y.mean > x.mean) ? y : x));
  console.log(`cv best worst case: z ${best.directionZ} prior ${best.priorRatings} step ${best.step} (worst gain ${f(best.worst)})`);
  // Stop before the scored half: constants are chosen without looking at it.
  process.exit(0);
}

const ratings = corrections(shuffled(rated, 11));
const learnt = learnLabels(ratings);
const before = evaluate(scored, undefined);
const after = evaluate(scored, learnt.offsets);

console.log(`== labels that learn: ${rated.length} files corrected, ${scored.length} held-out files scored (min confidence ${MIN_CONFIDENCE}) ==`);
console.log(`simulated corrections: ${ratings.length} (${ratings.filter((r) => r.correct !== r.shown).length} thumbs down naming the right label)`);
console.log('label           confirmed rejected missed  offset   precision before→after  recall before→after  F1 before→after');
for (const row of learnt.labels) {
  const b = before.perLabel.find((x) => x.label === row.label)!;
  const a = after.perLabel.find((x) => x.label === row.label)!;
  console.log(
    `${row.label.padEnd(15)} ${String(row.confirmed).padStart(9)} ${String(row.rejected).padStart(8)} ${String(row.missed).padStart(6)} ${row.offset.toFixed(3).padStart(7)}   ` +
      `${f(b.precision)} → ${f(a.precision)}          ${f(b.recall)} → ${f(a.recall)}        ${f(b.f1)} → ${f(a.f1)}`,
  );
}
console.log(
  `macro precision ${f(before.precision)} → ${f(after.precision)}, macro recall ${f(before.recall)} → ${f(after.recall)}, ` +
    `macro-F1 ${f(before.macroF1)} → ${f(after.macroF1)}`,
);
console.log(
  `per window: ${before.right} of ${before.shown} shown windows right (${f(before.right / before.shown)}) → ` +
    `${after.right} of ${after.shown} (${f(after.right / after.shown)})`,
);

// How many corrections the gain takes: learn from the first n corrections only.
const steps = CURVE_N.filter((n) => n < ratings.length).concat(ratings.length);
const curve = steps.map((n) => {
  const offsets = learnLabels(ratings.slice(0, n)).offsets;
  return { n, ...(offsets ? evaluate(scored, offsets) : before) };
});
console.log(`macro-F1 after n corrections: ${curve.map(({ n, macroF1 }) => `${n}: ${f(macroF1)}`).join(', ')}`);
console.log(`shown windows right after n corrections: ${curve.map(({ n, right, shown }) => `${n}: ${f(right / shown)}`).join(', ')}`);
const firstGain = curve.find(({ macroF1 }) => macroF1 > before.macroF1);
console.log(
  firstGain
    ? `first gain after ${firstGain.n} corrections (${f(before.macroF1)} → ${f(firstGain.macroF1)})`
    : `no gain on the held-out half after any number of corrections up to ${ratings.length}`,
);

const worst = curve.reduce((x, y) => (y.macroF1 < x.macroF1 ? y : x));
console.log(`worst held-out macro-F1 over n: ${f(worst.macroF1)} after ${worst.n} corrections (no learning ${f(before.macroF1)})`);
console.log(
  `target (never more than ${TARGET_TOLERANCE} below at any n): ${worst.macroF1 >= before.macroF1 - TARGET_TOLERANCE ? 'met' : 'NOT met'}`,
);
if (worst.macroF1 < before.macroF1 - REGRESSION_TOLERANCE) {
  console.error(`FAIL labels that learn: held-out macro-F1 fell from ${f(before.macroF1)} to ${f(worst.macroF1)} after ${worst.n} corrections`);
  process.exit(1);
}
console.log('PASS labels that learn');
