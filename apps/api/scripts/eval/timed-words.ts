/**
 * Whole-file pocketsphinx decodes with word times, cached by the audio's sha256 under one folder, so
 * a rerun on unchanged audio decodes nothing. Only word times and words are kept, never audio.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseWordLine } from '../../src/captions/pocketsphinx-output.js';
import type { RecognisedWord } from '../../src/captions/transcriber.js';

const run = promisify(execFile);

/**
 * The words `pocketsphinx_continuous -infile X -time yes` finds in `wavPath`, with their times
 * (fillers and `(2)` marks dropped by `parseWordLine`), from `cacheDir/<sha256>.json` when decoded before.
 */
export async function timedWords(wavPath: string, cacheDir: string): Promise<{ words: RecognisedWord[]; cached: boolean }> {
  const sha256 = createHash('sha256').update(readFileSync(wavPath)).digest('hex');
  const cachePath = `${cacheDir}/${sha256}.json`;
  if (existsSync(cachePath)) return { words: JSON.parse(readFileSync(cachePath, 'utf8')) as RecognisedWord[], cached: true };
  const { stdout } = await run('pocketsphinx_continuous', ['-infile', wavPath, '-time', 'yes', '-logfn', '/dev/null'], { maxBuffer: 16 * 1024 * 1024 });
  const words = stdout.split('\n').flatMap((line) => {
    const word = parseWordLine(line);
    return word && typeof word === 'object' ? [word] : [];
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cachePath, JSON.stringify(words));
  return { words, cached: false };
}

/** Runs `jobs` with at most `concurrency` at once (the machine has two cores: two decoders). */
export async function runBounded<T>(jobs: ReadonlyArray<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const at = next++;
      results[at] = await jobs[at]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}
