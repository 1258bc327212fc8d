import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PCM = ['-r', '16000', '-b', '16', '-c', '1'];

/**
 * A phone call as the microphone hears it: North-American ringback (440+480 Hz, 2 s on, 4 s off)
 * three times, then a person speaking. Written to a temporary folder with sox; never committed.
 */
export function makeRingbackThenSpeechWav(speechWav: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'linnet-call-'));
  const ring = join(dir, 'ring.wav');
  const gap = join(dir, 'gap.wav');
  const speech = join(dir, 'speech.wav');
  const call = join(dir, 'ringback-then-speech.wav');
  execFileSync('sox', ['-n', '-r', '16000', '-b', '16', ring, 'synth', '2', 'sine', '440', 'sine', '480', 'remix', '1v0.2,2v0.2']);
  execFileSync('sox', ['-n', ...PCM, gap, 'trim', '0', '4']);
  execFileSync('sox', [speechWav, ...PCM, speech]);
  execFileSync('sox', [ring, gap, ring, gap, ring, gap, speech, call]);
  return call;
}
