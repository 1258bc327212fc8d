import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Env } from '../env.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { createPocketsphinx } from './pocketsphinx.js';
import { createWhisperRecogniser } from './whisper.js';
import type { Recogniser } from './transcriber.js';

/** Where Debian's `pocketsphinx-en-us` puts the US-English acoustic model. */
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us/en-us';

/** True when `name` is an executable file on PATH. */
function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** Why pocketsphinx cannot run here, or null when its binary, `stdbuf` and model are installed. */
export function pocketsphinxMissing(): string | null {
  if (!onPath('pocketsphinx_continuous')) return 'pocketsphinx_continuous is not installed (Debian: pocketsphinx)';
  if (!existsSync(POCKETSPHINX_MODEL_DIR)) return `the US-English model is missing at ${POCKETSPHINX_MODEL_DIR} (Debian: pocketsphinx-en-us)`;
  if (!onPath('stdbuf') || !onPath('bash')) return 'stdbuf and bash are needed to run it (Debian: coreutils, bash)';
  return null;
}

/**
 * The recogniser TRANSCRIBER asks for, or null for no captions. An explicit choice that cannot
 * work throws an Error naming the variable, so start-up stops instead of running without captions.
 */
export function selectRecogniser(
  env: Pick<Env, 'transcriber'> & Partial<Pick<Env, 'whisper' | 'recogniserNice'>>,
  logger: Logger = silentLogger,
  missing = pocketsphinxMissing,
): Recogniser | null {
  if (env.transcriber === 'off') return null;
  if (env.transcriber === 'whisper') {
    // parseEnv refuses TRANSCRIBER=whisper without WHISPER_URL; a hand-built env is checked here.
    if (!env.whisper?.url) throw new Error('TRANSCRIBER=whisper: WHISPER_URL is required');
    return createWhisperRecogniser({ ...env.whisper, url: env.whisper.url, logger });
  }
  const problem = missing();
  if (problem && env.transcriber === 'pocketsphinx') throw new Error(`TRANSCRIBER=pocketsphinx: ${problem}`);
  if (problem) {
    logger.info('captions_off', { transcriber: 'auto', reason: problem });
    return null;
  }
  return createPocketsphinx({ logger, niceness: env.recogniserNice });
}
