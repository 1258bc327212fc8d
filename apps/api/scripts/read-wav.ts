import { readFileSync } from 'node:fs';
import { decodeWav, type PcmAudio } from '@linnet/engine';

/** Read and decode a 16-bit PCM WAV file from disk (scripts only: the engine has no file access). */
export function readWav(path: string): PcmAudio {
  return decodeWav(readFileSync(path));
}
