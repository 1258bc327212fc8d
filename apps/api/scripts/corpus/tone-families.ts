/**
 * `pnpm corpus` (cross-family part): the tone styles rendered by three synthesiser families —
 * espeak-ng (SSML), flite (--setf) and Festival (scheme) with sox on the waveform — several ways per
 * style, each file a neutral lead-in of the same voice then the labelled segment, spoken from either
 * the tuning or the held-out sentences. Phrases are rendered with bounded concurrency and cached by
 * a hash of their recipe (family-render.ts), so a rerun renders only what changed.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TONE_LABELS, type ToneLabel } from '@linnet/shared';
import { encodeWav } from '@linnet/engine';
import { activeLevelDb, concat, inRoom, SAMPLE_RATE, telephoneBand, toPcm, withNoise } from './tone-audio.js';
import { FAMILIES, FAMILY_STYLES, FAMILY_VOICES, type Family, type Recipe, type StyleVariant } from './family-styles.js';
import { prerenderFestival, renderPhrase, recipeHash, type PhraseRecipe } from './family-render.js';
import { SENTENCE_SETS, type FamilyEntry, type FamilyManifest, type FamilyPhrase, type SentenceSet } from './family-manifest.js';
import { FRESH_QUESTIONS, FRESH_STATEMENTS, QUESTIONS, STATEMENTS } from './tone-sentences.js';
import { runBounded } from '../run-bounded.js';

const ROOT = fileURLToPath(new URL('../../.corpus/families/', import.meta.url));
const CACHE = `${ROOT}cache/`;
// Files k = 0..2 are the corpus of the first rounds (docs/tone.md); k = 3 was added with the noisy copies.
const FILES_PER_WAY = 4;
// Two synthesiser processes at once: the machine (and CI's) has two cores.
const CONCURRENCY = 2;
const PHRASE_GAP_S = 0.35;

/**
 * Even-numbered sentences are for tuning, odd-numbered ones held out, and the fresh set has its own:
 * no sentence is on two sides.
 */
function sentences(kind: 'statements' | 'questions', set: SentenceSet): readonly string[] {
  if (set === 'fresh') return kind === 'statements' ? FRESH_STATEMENTS : FRESH_QUESTIONS;
  return (kind === 'statements' ? STATEMENTS : QUESTIONS).filter((_, i) => i % 2 === (set === 'tuning' ? 0 : 1));
}
const pick = <T>(list: readonly T[], at: number): T => list[at % list.length]!;

// One render per recipe, even when two files ask for the same phrase at once (shared lead-ins).
const rendering = new Map<string, Promise<Float32Array>>();
// A first pass only lists the phrases (so Festival's can be rendered in batches); nothing is written.
let planned: PhraseRecipe[] | undefined;
function phrase(family: Family, voice: string, text: string, recipe: Recipe): Promise<Float32Array> {
  const spec: PhraseRecipe = { family, voice, text, recipe };
  if (planned) {
    planned.push(spec);
    return Promise.resolve(new Float32Array(0));
  }
  const key = recipeHash(spec);
  let promise = rendering.get(key);
  if (!promise) rendering.set(key, (promise = renderPhrase(spec, CACHE)));
  return promise;
}

/** Hesitant speech: a statement in three chunks with a filler and long pauses between them. */
async function hesitant(family: Family, voice: string, sentence: string, recipe: Recipe, seed: number): Promise<Array<Float32Array | number>> {
  const words = sentence.replace(/\.$/, '').split(' ');
  const cut1 = Math.max(1, Math.floor(words.length / 3));
  const cut2 = Math.max(cut1 + 1, Math.floor((2 * words.length) / 3));
  const chunks = [words.slice(0, cut1), [seed % 2 ? 'um,' : 'well,'], words.slice(cut1, cut2), words.slice(cut2)].map((w) => w.join(' '));
  const spoken = await Promise.all(chunks.map((chunk) => phrase(family, voice, chunk, recipe)));
  const pauses = [0.55 + (seed % 3) * 0.1, 0.5, 0.65];
  return spoken.flatMap((audio, i) => (i < pauses.length ? [audio, pauses[i]!] : [audio]));
}

function fileJob(family: Family, set: SentenceSet, label: ToneLabel, labelIndex: number, variant: StyleVariant, wayIndex: number, k: number) {
  return async (): Promise<FamilyEntry[]> => {
    const voices = FAMILY_VOICES[family].filter((voice) => !variant.skipVoices?.includes(voice));
    const voice = pick(voices, k + labelIndex + wayIndex);
    const recipe = variant.recipe[family] ?? {};
    const statements = sentences('statements', set);
    const questions = sentences('questions', set);
    const seed = labelIndex * 31 + wayIndex * 7 + k * 3;
    // The lead-in is the voice's usual self: three plain statements, shared by files of that voice and set.
    const leadTexts = [0, 1, 2].map((j) => pick(statements, (k % 2) * 3 + j + FAMILY_VOICES[family].indexOf(voice) * 5));
    const lead = await Promise.all(leadTexts.map((text) => phrase(family, voice, text, {})));
    const parts: Array<Float32Array | number> = [0.3];
    for (const audio of lead) parts.push(audio, PHRASE_GAP_S);
    parts.push(0.5);
    const segmentParts: Array<{ audio: Array<Float32Array | number>; question: boolean }> = [];
    if (variant.text === 'questions') {
      for (let j = 0; j < 4; j++) segmentParts.push({ audio: [await phrase(family, voice, pick(questions, seed + j), recipe)], question: true });
    } else if (variant.text === 'hesitant') {
      for (let j = 0; j < 2; j++) segmentParts.push({ audio: await hesitant(family, voice, pick(statements, seed + j), recipe, seed + j), question: false });
    } else {
      for (let j = 0; j < 3; j++) segmentParts.push({ audio: [await phrase(family, voice, pick(statements, seed + j), recipe)], question: false });
    }
    const length = (items: Array<Float32Array | number>) => items.reduce<number>((s, p) => s + (typeof p === 'number' ? p : p.length / SAMPLE_RATE), 0);
    let at = length(parts);
    const segmentStartS = at;
    const phrases: FamilyPhrase[] = [];
    segmentParts.forEach(({ audio, question }, i) => {
      if (i > 0) {
        parts.push(PHRASE_GAP_S);
        at += PHRASE_GAP_S;
      }
      phrases.push({ startS: at, endS: at + length(audio), question });
      parts.push(...audio);
      at += length(audio);
    });
    parts.push(0.6);
    const stem = `${set}-${label.toLowerCase().replace(/[^a-z]/g, '')}-${wayIndex}-${k}-${voice.replace(/[^a-z0-9]/gi, '')}`;
    const entry = { family, voice, label, way: variant.way, set, segmentStartS, segmentEndS: at, phrases };
    if (planned) return [];
    const signal = concat(parts);
    const save = async (file: string, samples: Float32Array) => {
      await writeFile(`${ROOT}${file}`, encodeWav({ sampleRate: SAMPLE_RATE, samples: toPcm(samples) }));
      return file;
    };
    const entries: FamilyEntry[] = [{ ...entry, file: await save(`${family}/${stem}.wav`, signal), condition: 'clean' }];
    // As in the espeak tone corpus: noise level set against the voice's usual (lead-in) speech, so a
    // quieter segment really is harder to hear; white and pink alternate.
    const speechDb = activeLevelDb(signal.subarray(0, Math.round(segmentStartS * SAMPLE_RATE)));
    const noise = seed % 2 ? 'pink' : 'white';
    const noiseSeed = [...stem].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, FAMILIES.indexOf(family) + 1);
    for (const snr of [20, 10] as const) {
      const noisy = withNoise(signal, noise, speechDb - snr, noiseSeed + snr);
      entries.push({ ...entry, file: await save(`${family}/${stem}.snr${snr}.wav`, noisy), condition: `snr${snr}`, noise });
    }
    entries.push({ ...entry, file: await save(`${family}/${stem}.phone.wav`, await telephoneBand(signal)), condition: 'phone' });
    entries.push({ ...entry, file: await save(`${family}/${stem}.room.wav`, await inRoom(signal)), condition: 'room' });
    return entries;
  };
}

async function main() {
  const started = Date.now();
  // The rendered files are rebuilt every time (cheap); the phrase cache is kept.
  await Promise.all(FAMILIES.map((family) => rm(`${ROOT}${family}`, { recursive: true, force: true })));
  await Promise.all(FAMILIES.map((family) => mkdir(`${ROOT}${family}`, { recursive: true })));
  const jobs = FAMILIES.flatMap((family) =>
    SENTENCE_SETS.flatMap((set) =>
      TONE_LABELS.flatMap((label, labelIndex) =>
        FAMILY_STYLES[label].flatMap((variant, wayIndex) =>
          Array.from({ length: FILES_PER_WAY }, (_, k) => fileJob(family, set, label, labelIndex, variant, wayIndex, k)),
        ),
      ),
    ),
  );
  planned = [];
  for (const job of jobs) await job();
  const festivalPhrases = await prerenderFestival(planned, CACHE, CONCURRENCY);
  planned = undefined;
  const files = (await runBounded(jobs, CONCURRENCY)).flat();
  const manifest: FamilyManifest = { sampleRate: SAMPLE_RATE, files };
  await writeFile(`${ROOT}manifest.json`, `${JSON.stringify(manifest, null, 1)}\n`);
  console.log(`tone families corpus: ${files.length} files in ${ROOT} (${((Date.now() - started) / 1000).toFixed(1)} s, ${rendering.size} phrases, ${festivalPhrases} Festival phrases rendered in batches)`);
}

await main();
