import { describe, expect, it } from 'vitest';
import { QUIET_ROOM_DB, SpeechToNoise } from './speech-to-noise.js';

const RATE = 16_000;

/** A seeded uniform generator in [-1, 1): the same noise every run. */
function noiseSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

/**
 * `seconds` of alternating "speech" (a 200 Hz tone at `speechDbfs` RMS, 0.6 s) and pauses (0.3 s), with
 * white noise at `noiseDbfs` RMS throughout (none when null).
 */
function talk(seconds: number, speechDbfs: number, noiseDbfs: number | null, seed = 1): Int16Array {
  const out = new Int16Array(Math.round(seconds * RATE));
  const noise = noiseSource(seed);
  // A sine's RMS is its amplitude / √2; uniform noise on [-a, a) has RMS a / √3.
  const toneAmplitude = 32768 * Math.SQRT2 * 10 ** (speechDbfs / 20);
  const noiseAmplitude = noiseDbfs === null ? 0 : 32768 * Math.sqrt(3) * 10 ** (noiseDbfs / 20);
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const speaking = t % 0.9 < 0.6;
    const sample = (speaking ? toneAmplitude * Math.sin(2 * Math.PI * 200 * t) : 0) + noiseAmplitude * noise();
    out[i] = Math.max(-32768, Math.min(32767, Math.round(sample)));
  }
  return out;
}

describe('SpeechToNoise', () => {
  it('knows nothing before a whole 20 ms frame, and says so with the cautious end (0 dB)', () => {
    const estimate = new SpeechToNoise();
    expect(estimate.snrDb()).toBe(0);
    estimate.write(new Int16Array(319).fill(1000));
    expect(estimate.snrDb()).toBe(0);
  });

  it('measures speech at -20 dBFS over noise at -45 dBFS as about 25 dB', () => {
    const estimate = new SpeechToNoise();
    estimate.write(talk(10, -20, -45));
    expect(estimate.snrDb()).toBeGreaterThan(22);
    expect(estimate.snrDb()).toBeLessThan(28);
  });

  it('falls as the same speech is heard through louder noise', () => {
    const at = (noiseDbfs: number | null) => {
      const estimate = new SpeechToNoise();
      estimate.write(talk(10, -20, noiseDbfs));
      return estimate.snrDb();
    };
    const clean = at(null);
    const quiet = at(-65);
    const fair = at(-45);
    const noisy = at(-35);
    const louder = at(-28);
    // Speech 40 dB or more above the noise, digital silence included, is a quiet room: the estimate stops there.
    expect(clean).toBe(QUIET_ROOM_DB);
    expect(quiet).toBe(QUIET_ROOM_DB);
    expect(fair).toBeLessThan(QUIET_ROOM_DB);
    expect(noisy).toBeLessThan(fair);
    expect(louder).toBeLessThan(noisy);
    expect(louder).toBeGreaterThan(0);
  });

  it('gives the same estimate however the audio is cut into writes', () => {
    const audio = talk(6, -25, -45);
    const whole = new SpeechToNoise();
    whole.write(audio);
    const pieces = new SpeechToNoise();
    for (let at = 0; at < audio.length; at += 1237) pieces.write(audio.subarray(at, at + 1237));
    expect(pieces.snrDb()).toBe(whole.snrDb());
  });

  it('follows the last half minute: a quiet room after a noisy one is heard as quiet again', () => {
    const estimate = new SpeechToNoise();
    estimate.write(talk(20, -20, -30, 1));
    const noisy = estimate.snrDb();
    estimate.write(talk(31, -20, -60, 2));
    expect(noisy).toBeLessThan(15);
    expect(estimate.snrDb()).toBeGreaterThan(35);
  });
});
