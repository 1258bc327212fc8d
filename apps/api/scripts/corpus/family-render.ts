/**
 * Renders one phrase of the cross-family corpus with espeak-ng, flite or Festival, then sox, into a
 * 16 kHz WAV cached under `.corpus/families/cache/` by a hash of the render recipe (the synthesiser,
 * voice, text and every option), so a second `pnpm corpus` only renders what changed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { decodeWav } from '@linnet/engine';
import type { Family, Recipe } from './family-styles.js';

const run = promisify(execFile);
const PCM = ['-r', '16000', '-c', '1', '-b', '16'];
// Bump when the rendering below changes in a way the recipe does not show.
const RENDER_VERSION = 1;
// Festival's diphone voices' own F0 targets (kal_diphone.scm, ked_diphone.scm): the recipe scales them.
const DIPHONE_F0 = { kal_diphone: { mean: 105, std: 14 }, ked_diphone: { mean: 105, std: 15 } } as Record<string, { mean: number; std: number }>;

/** One phrase to render: which synthesiser and voice say which text in which way. */
export interface PhraseRecipe {
  family: Family;
  voice: string;
  text: string;
  recipe: Recipe;
}

/** The cache key of a phrase: a hash of everything that decides its samples. */
export function recipeHash(phrase: PhraseRecipe): string {
  return createHash('sha256').update(JSON.stringify({ v: RENDER_VERSION, ...phrase })).digest('hex').slice(0, 20);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Festival scheme that selects the voice and applies the recipe's duration and F0 settings. */
function festivalSetup(voice: string, recipe: Recipe): string[] {
  const { stretch, f0Mean, f0Std } = recipe.festival ?? {};
  const scheme = [`(voice_${voice})`];
  if (stretch !== undefined) {
    // hts_engine ignores Duration_Stretch; its speech rate is the `-r` option (> 1 faster).
    if (voice.endsWith('_hts')) scheme.push(`(set! hts_engine_params (append hts_engine_params '(("-r" ${(1 / stretch).toFixed(3)}))))`);
    else scheme.push(`(Parameter.set 'Duration_Stretch ${stretch})`);
  }
  const f0 = DIPHONE_F0[voice];
  if (f0 && (f0Mean !== undefined || f0Std !== undefined)) {
    const mean = f0.mean * (f0Mean ?? 1);
    const std = f0.std * (f0Std ?? 1);
    scheme.push(`(set! int_lr_params '((target_f0_mean ${mean.toFixed(1)}) (target_f0_std ${std.toFixed(1)}) (model_f0_mean 170) (model_f0_std 34)))`);
  }
  return scheme;
}

const schemeString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

async function synthesise({ family, voice, text, recipe }: PhraseRecipe, raw: string): Promise<void> {
  if (family === 'espeak') {
    const ssml = `<speak><prosody ${recipe.ssml ?? 'rate="100%"'}>${escapeXml(text)}</prosody></speak>`;
    await run('espeak-ng', ['-m', '-v', voice, '-w', raw, ssml]);
  } else if (family === 'flite') {
    await run('flite', ['-voice', voice, ...(recipe.flite ?? []).flatMap((feature) => ['--setf', feature]), '-t', text, '-o', raw]);
  } else {
    await synthesiseFestival([{ text, raw }], voice, recipe);
  }
}

/**
 * Several phrases of one Festival voice and recipe in one `festival -b` process: starting Festival
 * and loading a voice costs more than a phrase, and the waves are byte for byte text2wave's.
 */
async function synthesiseFestival(phrases: Array<{ text: string; raw: string }>, voice: string, recipe: Recipe): Promise<void> {
  const script = `${phrases[0]!.raw}.scm`;
  const lines = [
    ...festivalSetup(voice, recipe),
    ...phrases.map(({ text, raw }) => `(utt.save.wave (utt.synth (Utterance Text ${schemeString(text)})) ${schemeString(raw)} 'riff)`),
  ];
  await writeFile(script, `${lines.join('\n')}\n`);
  await run('festival', ['-b', script]);
  await rm(script);
}

/** A zig-zag of sox `bend` steps (± cents every 250 ms) over `seconds`: the pitch range widened on the waveform. */
function contour(cents: number, seconds: number): string[] {
  const steps = Math.max(1, Math.floor(seconds / 0.25));
  return ['bend', ...Array.from({ length: steps }, (_, i) => `0,${i === 0 ? cents : i % 2 ? -2 * cents : 2 * cents},0.25`)];
}

/** Resample, peak-normalise to -16 dBFS (room for +9 dB without clipping) and apply the recipe's sox effects. */
async function finish(phrase: PhraseRecipe, raw: string, cached: string): Promise<void> {
  const scratch = `${cached}.${process.pid}`;
  const normalised = `${scratch}.norm.wav`;
  // -D: no dither, so a render is repeatable byte for byte.
  await run('sox', ['-V1', '-D', raw, ...PCM, normalised, 'norm', '-16']);
  const effects = [...(phrase.recipe.sox ?? [])];
  if (phrase.recipe.contourCents) {
    const seconds = decodeWav(await readFile(normalised)).samples.length / 16_000;
    effects.unshift(...contour(phrase.recipe.contourCents, seconds));
  }
  if (effects.length) await run('sox', ['-V1', '-D', normalised, ...PCM, `${scratch}.wav`, ...effects]);
  else await rename(normalised, `${scratch}.wav`);
  await rename(`${scratch}.wav`, cached);
  await Promise.all([raw, normalised].map((file) => rm(file, { force: true })));
}

/** The phrase as 16 kHz samples in -1..1, from the cache or rendered now. */
export async function renderPhrase(phrase: PhraseRecipe, cacheDir: string): Promise<Float32Array> {
  const cached = `${cacheDir}${recipeHash(phrase)}.wav`;
  if (!existsSync(cached)) {
    await mkdir(cacheDir, { recursive: true });
    const raw = `${cached}.${process.pid}.raw.wav`;
    await synthesise(phrase, raw);
    await finish(phrase, raw, cached);
  }
  const { samples } = decodeWav(await readFile(cached));
  return Float32Array.from(samples, (sample) => sample / 32768);
}

/**
 * Renders into the cache every Festival phrase of `phrases` not there yet, one Festival process per
 * voice and recipe (at most `concurrency` at once): the cold corpus's slowest part otherwise.
 */
export async function prerenderFestival(phrases: readonly PhraseRecipe[], cacheDir: string, concurrency: number): Promise<number> {
  await mkdir(cacheDir, { recursive: true });
  const groups = new Map<string, PhraseRecipe[]>();
  const seen = new Set<string>();
  for (const phrase of phrases) {
    const hash = recipeHash(phrase);
    if (phrase.family !== 'festival' || seen.has(hash) || existsSync(`${cacheDir}${hash}.wav`)) continue;
    seen.add(hash);
    const key = JSON.stringify([phrase.voice, phrase.recipe]);
    groups.set(key, [...(groups.get(key) ?? []), phrase]);
  }
  const queue = [...groups.values()];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        const items = group.map((phrase) => ({ phrase, cached: `${cacheDir}${recipeHash(phrase)}.wav` }));
        const raws = items.map(({ cached, phrase }) => ({ text: phrase.text, raw: `${cached}.${process.pid}.raw.wav` }));
        await synthesiseFestival(raws, group[0]!.voice, group[0]!.recipe);
        for (const [i, { phrase, cached }] of items.entries()) await finish(phrase, raws[i]!.raw, cached);
      }
    }),
  );
  return seen.size;
}
