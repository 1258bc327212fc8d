/**
 * Questioning from the words (docs/tone.md, "Questioning from the words"): every families-corpus file of
 * one sentence set and condition is decoded whole by pocketsphinx (cached under
 * `.corpus/families/words/` by the audio's sha256), its words cut into utterances as the captioner cuts
 * them (`segmentWords`: a 0.6 s pause, at most 8 s), and each utterance judged by `isQuestionByWords`.
 * Scored per phrase of the labelled segment beside the engine as shipped (pitch; Questioning windows
 * shown at the bar), and the two combined (either says Questioning).
 *
 * `pnpm --filter @linnet/api exec tsx scripts/eval/question-words.ts [tuning|heldout|fresh] [--condition clean|snr20|snr10] [--decode-only] [--statement-files K]`
 * (`--decode-only` fills the decode cache and scores nothing).
 * Nothing gates on it: decoding a set cold takes minutes (the numbers are in docs/tone.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decideTone, DEFAULT_MIN_CONFIDENCE } from '@linnet/engine';
import { CAPTION_TIMING, segmentWords } from '../../src/captions/captioner.js';
import { isQuestionByWords } from '../../src/captions/question-words.js';
import { readWav } from '../read-wav.js';
import { FAMILY_CONDITIONS, FamilyManifestSchema, SENTENCE_SETS, type FamilyCondition, type FamilyPhrase, type SentenceSet } from '../corpus/family-manifest.js';
import { FAMILIES } from '../corpus/family-styles.js';
import { streamRecorded } from './family-streaming.js';
import { countPhrases, countUtterances, emptyCounts, FINAL_AFTER_S, finalCovered, phraseTouched, toneSpan, type PhraseCounts, type Span } from './phrase-scoring.js';
import { runBounded } from '../run-bounded.js';
import { timedWords } from './timed-words.js';

const ROOT = fileURLToPath(new URL('../../.corpus/families/', import.meta.url));
const WORDS_CACHE = `${ROOT}words`;
// At most two decoders: the machine (and CI's) has two cores, shared.
const DECODERS = 2;

const args = process.argv.slice(2);
const conditionAt = args.indexOf('--condition');
const condition = (conditionAt >= 0 ? args[conditionAt + 1] : 'clean') as FamilyCondition;
// The set is the one argument that is neither a flag nor the value of --condition or --statement-files.
const set = (args.find((arg, i) => !arg.startsWith('--') && !['--condition', '--statement-files', '--min-word-confidence'].includes(args[i - 1] ?? '')) ?? 'tuning') as SentenceSet;
if (!SENTENCE_SETS.includes(set) || !FAMILY_CONDITIONS.includes(condition)) {
  console.error(`usage: question-words.ts [${SENTENCE_SETS.join('|')}] [--condition ${FAMILY_CONDITIONS.join('|')}] [--decode-only] [--statement-files K]`);
  process.exit(2);
}

// `--statement-files K`: every Questioning file, but of the other styles only the files k < K of each way
// (a file's k is in its name: <set>-<style>-<way>-<k>-<voice>); decoding every file of a set takes
// about 45 minutes on the shared two-core machine.
const statementFilesAt = args.indexOf('--statement-files');
const statementFiles = statementFilesAt >= 0 ? Number(args[statementFilesAt + 1]) : Infinity;
const fileK = (file: string) => Number(/-(\d+)-[a-z0-9]+(?:\.[a-z0-9]+)?\.wav$/i.exec(file)?.[1] ?? 0);

// `--min-word-confidence X`: an utterance counts as a words question only if the recogniser's mean word
// confidence over it is at least X (words without a confidence are left out of the mean; none: it counts).
const minWordConfidenceAt = args.indexOf('--min-word-confidence');
const minWordConfidence = minWordConfidenceAt >= 0 ? Number(args[minWordConfidenceAt + 1]) : 0;
const meanWordConfidence = (utterance: ReadonlyArray<{ confidence?: number }>) => {
  const known = utterance.flatMap((w) => (w.confidence === undefined ? [] : [w.confidence]));
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
};

const manifest = FamilyManifestSchema.parse(JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')));
const entries = manifest.files
  .filter((entry) => entry.set === set && entry.condition === condition)
  .filter((entry) => entry.label === 'Questioning' || fileK(entry.file) < statementFiles)
  // Questioning files first, then by k, so a partial decode covers every style and family.
  .sort((a, b) => Number(b.label === 'Questioning') - Number(a.label === 'Questioning') || fileK(a.file) - fileK(b.file));
const started = Date.now();
const decodes = await runBounded(
  entries.map((entry) => () => timedWords(`${ROOT}${entry.file}`, WORDS_CACHE)),
  DECODERS,
);
const decodedS = (Date.now() - started) / 1000;
if (args.includes('--decode-only')) {
  // Fills the cache and says nothing of the words: held-out sets can be decoded before the rule is frozen.
  console.log(`${set} ${condition}: ${entries.length} files, ${decodes.filter((d) => !d.cached).length} decoded in ${decodedS.toFixed(1)} s`);
  process.exit(0);
}

interface FamilyTally {
  words: PhraseCounts;
  engine: PhraseCounts;
  either: PhraseCounts;
  utterances: { right: number; all: number };
}
const tallies = new Map<string, FamilyTally>();
const tallyOf = (family: string) => {
  let tally = tallies.get(family);
  if (!tally) tallies.set(family, (tally = { words: emptyCounts(), engine: emptyCounts(), either: emptyCounts(), utterances: { right: 0, all: 0 } }));
  return tally;
};

const engineStarted = Date.now();
entries.forEach((entry, i) => {
  const { words } = decodes[i]!;
  const tally = tallyOf(entry.family);
  const questionSpans: Span[] = segmentWords(words, CAPTION_TIMING.pauseS, CAPTION_TIMING.maxUtteranceS)
    .filter((utterance) => isQuestionByWords(utterance.map((w) => w.word)) && meanWordConfidence(utterance) >= minWordConfidence)
    .map((utterance) => ({ startS: utterance[0]!.startS, endS: utterance[utterance.length - 1]!.endS }));
  const { file } = streamRecorded(readWav(`${ROOT}${entry.file}`), entry, decideTone);
  const questioningWindows: Span[] = file.tones
    .filter((tone) => tone.label === 'Questioning' && tone.raw >= DEFAULT_MIN_CONFIDENCE)
    .map(toneSpan);
  const wordsFinal = (phrase: FamilyPhrase) => finalCovered(phrase, questionSpans);
  // A words utterance ends with its last word; the engine's windows are seen a little past a phrase's end.
  const wordsTouched = (phrase: FamilyPhrase) => phraseTouched(phrase, questionSpans, 0);
  const engineFinal = (phrase: FamilyPhrase) => finalCovered(phrase, questioningWindows);
  const engineTouched = (phrase: FamilyPhrase) => phraseTouched(phrase, questioningWindows, FINAL_AFTER_S);
  countPhrases(tally.words, entry.phrases, wordsFinal, wordsTouched);
  countPhrases(tally.engine, entry.phrases, engineFinal, engineTouched);
  countPhrases(tally.either, entry.phrases, (p) => wordsFinal(p) || engineFinal(p), (p) => wordsTouched(p) || engineTouched(p));
  const utterances = countUtterances(entry.phrases, questionSpans);
  tally.utterances.right += utterances.right;
  tally.utterances.all += utterances.all;
});

const pc = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`.padStart(8);
const cell = (c: PhraseCounts) => `${pc(c.questionsFinal, c.questions)} ${pc(c.statementsFalse, c.statements)}`;
console.log(`\n== Questioning from the words: ${set} sentences, ${condition}, ${entries.length} files (other styles' files k < ${statementFiles}) ==`);
console.log(
  `(decoded in ${decodedS.toFixed(1)} s, ${decodes.filter((d) => !d.cached).length} decodes not cached, ${DECODERS} at once; engine ${((Date.now() - engineStarted) / 1000).toFixed(1)} s)`,
);
console.log(`${'family'.padEnd(10)} questions statements |   words alone: Q final  Q stmts |  engine: Q final  Q stmts |  either: Q final  Q stmts | words-question utterances right`);
const pooled: FamilyTally = { words: emptyCounts(), engine: emptyCounts(), either: emptyCounts(), utterances: { right: 0, all: 0 } };
for (const family of [...FAMILIES, 'pooled']) {
  const tally = family === 'pooled' ? pooled : tallies.get(family);
  if (!tally) continue;
  if (family !== 'pooled') {
    for (const key of ['words', 'engine', 'either'] as const) for (const field of Object.keys(pooled[key]) as Array<keyof PhraseCounts>) pooled[key][field] += tally[key][field];
    pooled.utterances.right += tally.utterances.right;
    pooled.utterances.all += tally.utterances.all;
  }
  console.log(
    `${family.padEnd(10)} ${String(tally.words.questions).padStart(9)} ${String(tally.words.statements).padStart(10)} |               ${cell(tally.words)} |         ${cell(tally.engine)} |         ${cell(tally.either)} | ${tally.utterances.right}/${tally.utterances.all} (${pc(tally.utterances.right, tally.utterances.all).trim()})`,
  );
}
console.log("\nQ final = questions whose final phrase is Questioning; Q stmts = statements ever Questioning (any style's file, lead-ins not counted).");
console.log('Target (issue 12, held out, every family): Q final >= 80 %, Q stmts <= 5 %.');
