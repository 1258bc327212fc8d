import { describe, expect, it } from 'vitest';
import { QUIET_ROOM_DB, SpeechToNoise } from './speech-to-noise.js';
import { noiseSource } from './testing/white-noise.js';

const RATE = 16_000;

/**
 * `seconds` of a room with white noise at `noiseDbfs` RMS (digital silence when null) and, when `speechDbfs` is
 * given, "speech" in it: a 200 Hz tone at that RMS, 0.6 s on and 0.3 s off.
 */
function room(seconds: number, noiseDbfs: number | null, speechDbfs: number | null, seed = 1): Int16Array {
  const out = new Int16Array(Math.round(seconds * RATE));
  const noise = noiseSource(seed);
  // A sine's RMS is its amplitude / √2; uniform noise on [-a, a) has RMS a / √3.
  const toneAmplitude = speechDbfs === null ? 0 : 32768 * Math.SQRT2 * 10 ** (speechDbfs / 20);
  const noiseAmplitude = noiseDbfs === null ? 0 : 32768 * Math.sqrt(3) * 10 ** (noiseDbfs / 20);
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const speaking = t % 0.9 < 0.6;
    const sample = (speaking ? toneAmplitude * Math.sin(2 * Math.PI * 200 * t) : 0) + noiseAmplitude * noise();
    out[i] = Math.max(-32768, Math.min(32767, Math.round(sample)));
  }
  return out;
}

/** An estimate fed `parts` back to back from 0 s; returns it and the session time after them. */
function fed(...parts: Int16Array[]): { estimate: SpeechToNoise; endS: number } {
  const estimate = new SpeechToNoise();
  let atS = 0;
  for (const part of parts) {
    estimate.write(part, atS);
    atS += part.length / RATE;
  }
  return { estimate, endS: atS };
}

describe('SpeechToNoise', () => {
  it('knows nothing of an utterance it holds no frame of, and says so with the cautious end (0 dB)', () => {
    expect(new SpeechToNoise().snrDb(0, 1)).toBe(0);
    const { estimate } = fed(room(2, -60, -20));
    expect(estimate.snrDb(5, 6)).toBe(0);
    // 319 samples are not yet a frame.
    const partial = new SpeechToNoise();
    partial.write(new Int16Array(319).fill(1000), 0);
    expect(partial.snrDb(0, 1)).toBe(0);
  });

  it("takes the speech level from the utterance's 90th percentile or the held frames' 95th, whichever is louder, and the noise from their 10th", () => {
    // Half a second of a faint hum (constant 33: -59.9 dBFS), then half a second of a loud one (3277: -20.0 dBFS).
    const hums = fed(new Int16Array(8000).fill(33), new Int16Array(8000).fill(3277)).estimate;
    const loudOverFaint = 20 * Math.log10(3277 / 33);
    expect(hums.snrDb(0.5, 1)).toBeCloseTo(loudOverFaint, 5);
    // The faint half as the utterance: the session's loud frames (over 5 % of them) are its speech level.
    expect(hums.snrDb(0, 0.5)).toBeCloseTo(loudOverFaint, 5);
    // 1.9 s faint, 0.1 s loud (5 % of the frames, not over it): the session's 95th percentile is the faint hum, and
    // an utterance of the faint stretch alone stands 0 dB above the noise, while the loud tenth of a second stands out.
    const mostlyFaint = fed(new Int16Array(30_400).fill(33), new Int16Array(1600).fill(3277)).estimate;
    expect(mostlyFaint.snrDb(0, 1.9)).toBe(0);
    expect(mostlyFaint.snrDb(1.9, 2)).toBeCloseTo(loudOverFaint, 5);
  });

  it('measures speech at -20 dBFS over noise at -45 dBFS as about 25 dB', () => {
    const { estimate, endS } = fed(room(10, -45, -20));
    expect(estimate.snrDb(endS - 3, endS)).toBeGreaterThan(22);
    expect(estimate.snrDb(endS - 3, endS)).toBeLessThan(28);
  });

  it('falls as the same speech is heard through louder noise, and stops at the quiet-room cap', () => {
    const at = (noiseDbfs: number) => {
      const { estimate, endS } = fed(room(10, noiseDbfs, -20));
      return estimate.snrDb(endS - 3, endS);
    };
    const quiet = at(-70);
    const fair = at(-45);
    const noisy = at(-35);
    const louder = at(-28);
    expect(quiet).toBe(QUIET_ROOM_DB);
    expect(fair).toBeLessThan(QUIET_ROOM_DB);
    expect(noisy).toBeLessThan(fair);
    expect(louder).toBeLessThan(noisy);
    expect(louder).toBeGreaterThan(0);
  });

  it('hears a short question after a long quiet stretch as a quiet room, not as noise', () => {
    // 29 s of a quiet room, then 1 s of speech: a twentieth of the held audio is too little for a session-wide speech level.
    const { estimate, endS } = fed(room(29, -60, null, 1), room(1, -60, -20, 2));
    expect(estimate.snrDb(endS - 1, endS)).toBeGreaterThan(35);
  });

  it('counts digital silence as the -90 dBFS floor: a clean recording reads as a quiet room, and zeros alone as nothing', () => {
    const clean = fed(room(10, null, -20));
    expect(clean.estimate.snrDb(clean.endS - 3, clean.endS)).toBe(QUIET_ROOM_DB);
    expect(fed(new Int16Array(RATE * 2)).estimate.snrDb(0, 2)).toBe(0);
  });

  it('gives the same estimate however the audio is cut into writes', () => {
    const audio = room(6, -45, -25);
    const whole = fed(audio).estimate;
    const pieces = new SpeechToNoise();
    for (let at = 0; at < audio.length; at += 1237) pieces.write(audio.subarray(at, at + 1237), at / RATE);
    expect(pieces.snrDb(2, 5)).toBe(whole.snrDb(2, 5));
  });

  it('judges an utterance after the audio stopped and started again by the room since, and one from before by the room it was in', () => {
    // 10 s of a quiet room, the microphone off, then 5 s of a noisy one (speech 15 dB over the noise).
    const estimate = new SpeechToNoise();
    const quiet = room(10, -70, -20, 1);
    // 100 samples past the last whole frame (which starts at 9.96 s): they are dropped, not counted with the noisy room's first samples.
    estimate.write(quiet.subarray(0, quiet.length - 220), 0);
    estimate.stop();
    estimate.write(room(5, -35, -20, 2), 12);
    expect(estimate.snrDb(9.97, 12)).toBe(0);
    // Without the stop, the quiet room's frames (two thirds of those held) would be the noise, and the noisy room would read as quiet.
    const noisy = estimate.snrDb(14, 17);
    expect(noisy).toBeLessThan(20);
    expect(noisy).toBeGreaterThan(10);
    // Words the recogniser finishes late, from before the stop, are still judged by the quiet room.
    expect(estimate.snrDb(7, 9.9)).toBe(QUIET_ROOM_DB);
    // Words joined across the stop are quoted for the noisier of the two rooms, whichever came first.
    expect(estimate.snrDb(8, 13)).toBeLessThan(20);
    const noisyThenQuiet = new SpeechToNoise();
    noisyThenQuiet.write(room(10, -35, -20, 3), 0);
    noisyThenQuiet.stop();
    noisyThenQuiet.write(room(10, -70, -20, 4), 10);
    expect(noisyThenQuiet.snrDb(15, 20)).toBe(QUIET_ROOM_DB);
    expect(noisyThenQuiet.snrDb(8, 13)).toBeLessThan(20);
    // A stop with nothing written after it starts no stretch: the noisy room's estimate stands.
    estimate.stop();
    expect(estimate.snrDb(14, 17)).toBe(noisy);
  });

  it('remembers the last 30 s of audio: a quiet stretch counts while it is held and not once it has passed', () => {
    // 5 s of a quiet room, then a noisy one with speech: 4 s of the quiet stretch (more than a tenth) is still held at 31 s...
    const quietThenNoisy = fed(room(5, -70, null, 1), room(26, -35, -20, 2));
    expect(quietThenNoisy.estimate.snrDb(quietThenNoisy.endS - 2, quietThenNoisy.endS)).toBe(QUIET_ROOM_DB);
    // ...but at 34 s only 1 s of it is, under a tenth: the noise is the noisy room's.
    quietThenNoisy.estimate.write(room(3, -35, -20, 3), quietThenNoisy.endS);
    expect(quietThenNoisy.estimate.snrDb(quietThenNoisy.endS + 1, quietThenNoisy.endS + 3)).toBeLessThan(20);
  });
});
