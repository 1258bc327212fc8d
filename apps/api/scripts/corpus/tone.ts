/**
 * `pnpm corpus` (tone part): a deterministic, labelled 16 kHz corpus in apps/api/.corpus/tone/ —
 * espeak-ng SSML speech per label after a neutral lead-in of the same voice, the same at 20 and 10 dB
 * SNR, non-speech (silence, noise) and speech/silence files with known onsets and offsets; and in
 * apps/api/.corpus/steady/, about a minute of each style per voice for the label-stability figure.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TONE_LABELS, type ToneLabel } from '@linnet/shared';
import { encodeWav } from '@linnet/engine';
import {
  activeLevelDb,
  concat,
  noise,
  SAMPLE_RATE,
  speak,
  speechBounds,
  toPcm,
  withNoise,
  type NoiseColour,
} from './tone-audio.js';
import { LABEL_STYLES, VOICES } from './tone-labels.js';
import { QUESTIONS, STATEMENTS } from './tone-sentences.js';
import type { ToneCorpusEntry, ToneCorpusManifest } from './tone-manifest.js';
import { runBounded } from '../run-bounded.js';

const OUT = fileURLToPath(new URL('../../.corpus/tone/', import.meta.url));
/**
 * The steady files live beside the tone corpus, not in it: the call-state eval reads every WAV of
 * the tone corpus for talk-off, a check they were not made for (docs/tone.md, "Corpus").
 */
const STEADY_OUT = fileURLToPath(new URL('../../.corpus/steady/', import.meta.url));
const FILES_PER_LABEL = 12;
const CONCURRENCY = 2;

const pick = <T>(list: readonly T[], at: number): T => list[((at % list.length) + list.length) % list.length]!;

function hesitantText(sentence: string, seed: number): string {
  const words = sentence.replace(/\.$/, '').split(' ');
  const cut1 = Math.max(1, Math.floor(words.length / 3));
  const cut2 = Math.max(cut1 + 1, Math.floor((2 * words.length) / 3));
  const pause = (ms: number) => ` <break time="${ms}ms"/> `;
  return `${words.slice(0, cut1).join(' ')},${pause(550 + (seed % 3) * 100)}${seed % 2 ? 'um,' : 'well,'}${pause(500)}${words
    .slice(cut1, cut2)
    .join(' ')}${pause(650)}${words.slice(cut2).join(' ')}.`;
}

function segmentText(label: ToneLabel, file: number, labelIndex: number): string {
  const { text } = LABEL_STYLES[label];
  const base = file * 3 + labelIndex * 5 + 17;
  if (text === 'questions') return [0, 1, 2, 3, 4].map((j) => pick(QUESTIONS, file * 5 + labelIndex + j)).join(' ');
  if (text === 'hesitant') return [0, 1].map((j) => hesitantText(pick(STATEMENTS, base + j), file + j)).join(' ');
  return [0, 1, 2].map((j) => pick(STATEMENTS, base + j)).join(' ');
}

async function save(name: string, signal: Float32Array, dir = OUT): Promise<string> {
  await writeFile(`${dir}${name}`, encodeWav({ sampleRate: SAMPLE_RATE, samples: toPcm(signal) }));
  return name;
}

/** Clean file plus its 20 dB and 10 dB SNR copies, noise measured against the reference's active level. */
async function saveWithNoise(
  stem: string,
  signal: Float32Array,
  reference: Float32Array,
  seed: number,
  entry: Omit<ToneCorpusEntry, 'file' | 'condition'>,
) {
  // SNR is set against the speaker's usual (lead-in) voice, so a quieter segment really is harder to hear.
  const speechDb = activeLevelDb(reference);
  const colour: NoiseColour = seed % 2 ? 'pink' : 'white';
  const entries: ToneCorpusEntry[] = [{ ...entry, file: await save(`${stem}.wav`, signal), condition: 'clean' }];
  for (const snr of [20, 10] as const) {
    const noisy = withNoise(signal, colour, speechDb - snr, seed * 31 + snr);
    entries.push({ ...entry, file: await save(`${stem}.snr${snr}.wav`, noisy), condition: `snr${snr}`, noise: colour });
  }
  return entries;
}

function toneJob(label: ToneLabel, labelIndex: number, file: number) {
  return async (): Promise<ToneCorpusEntry[]> => {
    const voice = pick(VOICES, file + labelIndex);
    const style = LABEL_STYLES[label];
    const stem = `${label.toLowerCase().replace(/[^a-z]/g, '')}-${String(file).padStart(2, '0')}`;
    const leadText = [0, 1, 2].map((j) => pick(STATEMENTS, file * 7 + labelIndex * 3 + j)).join(' ');
    const lead = await speak(`<speak>${leadText}</speak>`, voice, 0, `${OUT}${stem}-lead`);
    const segment = await speak(
      `<speak><prosody ${style.prosody}>${segmentText(label, file, labelIndex)}</prosody></speak>`,
      voice,
      style.gainDb,
      `${OUT}${stem}-segment`,
    );
    const signal = concat([0.3, lead, 0.5, segment, 0.4]);
    const segmentStartS = 0.3 + lead.length / SAMPLE_RATE + 0.5;
    return saveWithNoise(stem, signal, lead, file * 8 + labelIndex, {
      kind: 'tone',
      label,
      voice,
      segmentStartS,
      segmentEndS: segmentStartS + segment.length / SAMPLE_RATE,
    });
  };
}

// Segments per steady file: seven of a style's segment texts make about a minute of speech (Rushed ~35 s, Hesitant ~80 s).
const STEADY_SEGMENTS = 7;

/**
 * A steady file: one voice's neutral lead-in, then that voice speaking STEADY_SEGMENTS of the style's
 * corpus segments back to back, for the label-stability figure (docs/tone.md, "Stability").
 */
function steadyJob(label: ToneLabel, labelIndex: number, voice: string) {
  return async (): Promise<ToneCorpusEntry[]> => {
    const style = LABEL_STYLES[label];
    const stem = `steady-${label.toLowerCase().replace(/[^a-z]/g, '')}-${voice.replace(/[^a-z0-9]/gi, '')}`;
    const leadText = [0, 1, 2].map((j) => pick(STATEMENTS, labelIndex * 3 + j + 5)).join(' ');
    const lead = await speak(`<speak>${leadText}</speak>`, voice, 0, `${STEADY_OUT}${stem}-lead`);
    const text = Array.from({ length: STEADY_SEGMENTS }, (_, file) => segmentText(label, file, labelIndex)).join(' ');
    const segment = await speak(`<speak><prosody ${style.prosody}>${text}</prosody></speak>`, voice, style.gainDb, `${STEADY_OUT}${stem}-segment`);
    const signal = concat([0.3, lead, 0.5, segment, 0.4]);
    const segmentStartS = 0.3 + lead.length / SAMPLE_RATE + 0.5;
    const entry: ToneCorpusEntry = {
      kind: 'steady',
      condition: 'clean',
      label,
      voice,
      segmentStartS,
      segmentEndS: segmentStartS + segment.length / SAMPLE_RATE,
      file: await save(`${stem}.wav`, signal, STEADY_OUT),
    };
    return [entry];
  };
}

function onsetJob(file: number) {
  return async (): Promise<ToneCorpusEntry[]> => {
    const voice = pick(VOICES, file * 2 + 1);
    const stem = `onsets-${String(file).padStart(2, '0')}`;
    const chunks = await Promise.all(
      [0, 1].map((part) =>
        speak(`<speak>${[0, 1].map((j) => pick(STATEMENTS, file * 5 + part * 2 + j)).join(' ')}</speak>`, voice, 0, `${OUT}${stem}-${part}`),
      ),
    );
    const gaps = [2.5 + file * 0.3, 3.5 + (file % 2) * 0.7, 3];
    const signal = concat([gaps[0]!, chunks[0]!, gaps[1]!, chunks[1]!, gaps[2]!]);
    const onsets: number[] = [];
    const offsets: number[] = [];
    let at = gaps[0]!;
    chunks.forEach((chunk, i) => {
      const [first, last] = speechBounds(chunk);
      onsets.push(at + first);
      offsets.push(at + last);
      at += chunk.length / SAMPLE_RATE + gaps[i + 1]!;
    });
    return saveWithNoise(stem, signal, signal, 500 + file, { kind: 'onsets', voice, onsets, offsets });
  };
}

async function nonSpeech(): Promise<ToneCorpusEntry[]> {
  const length = 8 * SAMPLE_RATE;
  const entries: ToneCorpusEntry[] = [
    { kind: 'nonspeech', file: await save('silence.wav', new Float32Array(length)), condition: 'clean' },
  ];
  const colours: NoiseColour[] = ['white', 'pink', 'brown'];
  for (const [c, colour] of colours.entries()) {
    for (const levelDb of [-60, -40, -25]) {
      const signal = noise(colour, length, 900 + c * 10 + levelDb).map((sample) => sample * 10 ** (levelDb / 20));
      entries.push({ kind: 'nonspeech', file: await save(`noise-${colour}${levelDb}.wav`, signal), condition: 'clean', noise: colour });
    }
  }
  return entries;
}

async function main() {
  const started = Date.now();
  await Promise.all([OUT, STEADY_OUT].map((dir) => rm(dir, { recursive: true, force: true })));
  await Promise.all([OUT, STEADY_OUT].map((dir) => mkdir(dir, { recursive: true })));
  const jobs = TONE_LABELS.flatMap((label, labelIndex) =>
    Array.from({ length: FILES_PER_LABEL }, (_, file) => toneJob(label, labelIndex, file)),
  );
  for (let file = 0; file < 4; file++) jobs.push(onsetJob(file));
  for (const [labelIndex, label] of TONE_LABELS.entries()) for (const voice of VOICES) jobs.push(steadyJob(label, labelIndex, voice));
  const entries = (await runBounded(jobs, CONCURRENCY)).flat();
  entries.push(...(await nonSpeech()));
  const steady = entries.filter((entry) => entry.kind === 'steady');
  const manifest: ToneCorpusManifest = { sampleRate: SAMPLE_RATE, files: entries.filter((entry) => entry.kind !== 'steady') };
  await writeFile(`${OUT}manifest.json`, `${JSON.stringify(manifest, null, 1)}\n`);
  await writeFile(`${STEADY_OUT}manifest.json`, `${JSON.stringify({ sampleRate: SAMPLE_RATE, files: steady }, null, 1)}\n`);
  console.log(
    `tone corpus: ${manifest.files.length} files in ${OUT}, ${steady.length} steady files in ${STEADY_OUT} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

await main();
