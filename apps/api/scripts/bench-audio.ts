/**
 * Real speech for `pnpm bench`: the tone corpus (espeak-ng speech in three voices, clean and in
 * noise, with pauses) when it has been generated, else espeak-ng speech rendered on the spot.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWav } from './read-wav.js';
import { ToneCorpusManifestSchema } from './corpus/tone-manifest.js';

export const SAMPLE_RATE = 16_000;
const CORPUS = fileURLToPath(new URL('../.corpus/tone/', import.meta.url));
/** Every fifth corpus file: all labels, voices and noise conditions, in corpus order. */
const CORPUS_STRIDE = 5;
/** Sentences for the fallback: statements, a question and a list, so pitch and pauses vary. */
const SENTENCES = [
  'Thanks for calling. I have looked at your account, and the payment went through on Tuesday.',
  'Could you tell me the reference number on the letter, please?',
  'We can send the form by post, by email, or you can collect it from the branch on Friday.',
  'I am sorry, that sounds really frustrating. Let me see what I can do for you right now.',
];
const VOICES = ['en-gb', 'en-us', 'en-gb-x-rp'];

export interface BenchAudio {
  samples: Int16Array;
  source: string;
}

/** `seconds` of speech at 16 kHz, from the corpus or from espeak-ng; throws if neither is there. */
export function speechAudio(seconds: number): BenchAudio {
  const out = new Int16Array(seconds * SAMPLE_RATE);
  const fromCorpus = existsSync(`${CORPUS}manifest.json`);
  const pieces = fromCorpus ? corpusPieces() : espeakPieces();
  let at = 0;
  // Repeat the pieces if they fall short, so the duration (and the per-second figure) is fixed.
  for (let pass = 0; at < out.length; pass++) {
    for (const piece of pieces) {
      const take = Math.min(piece.length, out.length - at);
      out.set(piece.subarray(0, take), at);
      if ((at += take) >= out.length) break;
    }
    if (pass > 100) throw new Error('bench audio: no samples');
  }
  return { samples: out, source: fromCorpus ? 'tone-corpus speech' : 'espeak-ng speech' };
}

function corpusPieces(): Int16Array[] {
  const { files } = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${CORPUS}manifest.json`, 'utf8')));
  return files.filter((_, i) => i % CORPUS_STRIDE === 0).map(({ file }) => readWav(`${CORPUS}${file}`).samples);
}

function espeakPieces(): Int16Array[] {
  const scratch = mkdtempSync(join(tmpdir(), 'linnet-bench-'));
  try {
    return VOICES.flatMap((voice, v) =>
      SENTENCES.map((sentence, s) => {
        const raw = join(scratch, `${v}-${s}.wav`);
        const resampled = join(scratch, `${v}-${s}.16k.wav`);
        execFileSync('espeak-ng', ['-v', voice, '-w', raw, sentence]);
        // -D: no dither, so every bench run analyses the same samples.
        execFileSync('sox', ['-D', raw, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', resampled]);
        return readWav(resampled).samples;
      }),
    );
  } catch (error) {
    throw new Error('bench needs the tone corpus (`pnpm corpus`) or espeak-ng and sox on the PATH', { cause: error });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
