import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '@linnet/engine';

/** flite's slt voice as 16 kHz mono PCM, padded with digital silence before and after (needs flite and sox). */
export function fliteSpeech(dir: string, name: string, text: string, padS: { before: number; after: number }): Int16Array {
  const raw = join(dir, `${name}.raw.wav`);
  const wav = join(dir, `${name}.wav`);
  execFileSync('flite', ['-voice', 'slt', '-t', text, '-o', raw]);
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', String(padS.before), String(padS.after)]);
  return decodeWav(readFileSync(wav)).samples;
}

/** Adds a faint deterministic noise in place: a real room is never digital silence. */
export function addFaintNoise(samples: Int16Array): Int16Array {
  for (let s = 0; s < samples.length; s++) samples[s] = samples[s]! + ((s * 7919) % 41) - 20;
  return samples;
}

/** `parts` back to back as one recording. */
export function joinPcm(parts: readonly Int16Array[]): Int16Array {
  const joined = new Int16Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((offset, part) => (joined.set(part, offset), offset + part.length), 0);
  return joined;
}
