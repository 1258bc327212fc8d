/**
 * Whole-file pocketsphinx decodes with word times, cached by the audio's sha256 under one folder, so
 * a rerun on unchanged audio decodes nothing. Only word times and words are kept, never audio.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { RecognisedWord } from '../../src/captions/transcriber.js';
import { decodeWhole } from './captions-reference.js';

/**
 * The words `pocketsphinx_continuous -infile X -time yes` finds in `wavPath`, with their times
 * (fillers and `(2)` marks dropped by `parseWordLine`), from `cacheDir/<sha256>.json` when decoded before.
 */
export async function timedWords(wavPath: string, cacheDir: string): Promise<{ words: RecognisedWord[]; cached: boolean }> {
  const sha256 = createHash('sha256').update(readFileSync(wavPath)).digest('hex');
  const cachePath = `${cacheDir}/${sha256}.json`;
  if (existsSync(cachePath)) return { words: JSON.parse(readFileSync(cachePath, 'utf8')) as RecognisedWord[], cached: true };
  const words = await decodeWhole(wavPath);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cachePath, JSON.stringify(words));
  return { words, cached: false };
}
