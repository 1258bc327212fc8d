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

/** DTMF pairs (ITU-T Q.23) for the digits the keypad test presses. */
const DTMF_HZ: Record<string, [number, number]> = { '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], '4': [770, 1209] };

/**
 * A whole call for the running-screen test: ringback three times (18 s), a person speaking, 5 s of silence (the voice
 * stops), the keypad digits 1 2 3 4 pressed one by one, then 8 s of silence.
 */
export function makeCallWithKeypadWav(speechWav: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'linnet-call-'));
  const ringThenSpeech = makeRingbackThenSpeechWav(speechWav);
  const quiet = (seconds: number, name: string) => {
    const path = join(dir, name);
    execFileSync('sox', ['-n', ...PCM, path, 'trim', '0', String(seconds)]);
    return path;
  };
  const digits = Object.entries(DTMF_HZ).flatMap(([digit, [low, high]]) => {
    const tone = join(dir, `dtmf-${digit}.wav`);
    execFileSync('sox', ['-n', '-r', '16000', '-b', '16', tone, 'synth', '0.2', 'sine', String(low), 'sine', String(high), 'remix', '1v0.25,2v0.25']);
    return [tone, quiet(0.6, `gap-${digit}.wav`)];
  });
  const call = join(dir, 'call-with-keypad.wav');
  execFileSync('sox', [ringThenSpeech, quiet(5, 'pause.wav'), ...digits, quiet(8, 'tail.wav'), ...PCM, call]);
  return call;
}
