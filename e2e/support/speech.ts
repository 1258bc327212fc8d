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

/**
 * A speakerphone call as the microphone hears it: the user near it (flite's awb voice, full band) and the other
 * party through a phone line (flite's slt voice, sox `sinc 300-3400` to 8 kHz µ-law and back, 6 dB quieter), taking
 * turns of three sentences, near first, twice each, over faint noise. Written to a temporary folder; never committed.
 */
export function makeTwoVoicesWav(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linnet-two-voices-'));
  const sentences = ['I called about my appointment', 'it was moved to next week', 'can we talk about it now'];
  const turn = (voice: 'awb' | 'slt', index: number) =>
    sentences.map((sentence, i) => {
      const raw = join(dir, `raw-${index}-${i}.wav`);
      const padded = join(dir, `turn-${index}-${i}.wav`);
      execFileSync('flite', ['-voice', voice, '-t', sentence, '-o', raw]);
      if (voice === 'awb') execFileSync('sox', [raw, ...PCM, padded, 'pad', '0.4', '0.6']);
      else {
        const line = join(dir, `line-${index}-${i}.wav`);
        execFileSync('sox', [raw, '-r', '8000', '-e', 'mu-law', '-c', '1', line, 'sinc', '300-3400', 'gain', '-6']);
        execFileSync('sox', [line, ...PCM, padded, 'pad', '0.4', '0.6']);
      }
      return padded;
    });
  const parts = [turn('awb', 0), turn('slt', 1), turn('awb', 2), turn('slt', 3)].flat();
  const joined = join(dir, 'joined.wav');
  const noise = join(dir, 'noise.wav');
  const call = join(dir, 'two-voices.wav');
  execFileSync('sox', [...parts, joined]);
  execFileSync('sox', [joined, noise, 'synth', 'whitenoise', 'vol', '0.002']);
  execFileSync('sox', ['-m', '-v', '1', joined, '-v', '1', noise, call]);
  return call;
}
