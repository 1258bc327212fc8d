import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PCM = ['-r', '16000', '-c', '1', '-b', '16'];

/** Sentences pocketsphinx's US-English model recognises from flite's slt voice, with the words a test may expect back. */
export const CAPTION_SENTENCES = [
  { text: 'the weather is lovely today', contentWords: ['weather', 'lovely', 'today'] },
  { text: 'please call me back tomorrow morning', contentWords: ['please', 'call', 'back', 'tomorrow', 'morning'] },
] as const;

/**
 * Speech for a fake microphone: each sentence spoken by flite's slt voice (one pocketsphinx recognises well; espeak
 * far less), padded with 0.5 s before and 1.5 s after so the recogniser cuts an utterance at each pause, joined, and
 * laid over faint noise because a real room is never digital silence. Written to a temporary folder of its own (the
 * caller removes it); never committed.
 */
export function makeSpokenSentencesWav(sentences: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'linnet-speech-'));
  const parts = sentences.map((sentence, i) => {
    const raw = join(dir, `raw${i}.wav`);
    const padded = join(dir, `s${i}.wav`);
    execFileSync('flite', ['-voice', 'slt', '-t', sentence, '-o', raw]);
    execFileSync('sox', [raw, ...PCM, padded, 'pad', '0.5', '1.5']);
    return padded;
  });
  const joined = join(dir, 'joined.wav');
  const noise = join(dir, 'noise.wav');
  const spoken = join(dir, 'spoken.wav');
  execFileSync('sox', [...parts, joined]);
  // White noise about 54 dB below full scale, as long as the speech; mixed without sox's halving of each input.
  execFileSync('sox', [joined, noise, 'synth', 'whitenoise', 'vol', '0.002']);
  execFileSync('sox', ['-m', '-v', '1', joined, '-v', '1', noise, spoken]);
  return spoken;
}
