/**
 * The caption evaluation's reference: the same recogniser Linnet runs, decoding a whole file at
 * once outside Linnet, so its words are what pocketsphinx makes of the audio without Linnet's
 * streaming, gating and utterance cutting.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseWordLine } from '../../src/captions/pocketsphinx-output.js';
import type { RecognisedWord } from '../../src/captions/transcriber.js';

const run = promisify(execFile);

/**
 * The words `pocketsphinx_continuous -time yes` finds in a WAV file (fillers and `(2)` suffixes
 * dropped). The decode is deterministic, so it is cached beside the file under the file's sha256:
 * a rerun on unchanged audio skips a third of the evaluation's CPU.
 */
export async function referenceWords(wavPath: string): Promise<string[]> {
  const sha256 = createHash('sha256').update(readFileSync(wavPath)).digest('hex');
  const cachePath = `${wavPath}.reference.json`;
  if (existsSync(cachePath)) {
    const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as { sha256: string; words: string[] };
    if (cached.sha256 === sha256) return cached.words;
  }
  const words = (await decodeWhole(wavPath)).map((word) => word.word);
  writeFileSync(cachePath, JSON.stringify({ sha256, words }));
  return words;
}

/** The words and their times `pocketsphinx_continuous -infile X -time yes` finds in a whole WAV file (fillers and `(2)` marks dropped). */
export async function decodeWhole(wavPath: string): Promise<RecognisedWord[]> {
  const { stdout } = await run('pocketsphinx_continuous', ['-infile', wavPath, '-time', 'yes', '-logfn', '/dev/null'], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').flatMap((line) => {
    const word = parseWordLine(line);
    return word && typeof word === 'object' ? [word] : [];
  });
}
