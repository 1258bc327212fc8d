import { describe, expect, it } from 'vitest';
import { createFrameAnalyser } from './frames.js';
import { createPitchEstimator } from './pitch.js';
import { RATE, sine, whiteNoise } from './test-signals.js';

function medianF0(signal: Float32Array): number {
  const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 1000 });
  const found: number[] = [];
  for (let at = 0; at + RATE <= signal.length; at += RATE) {
    const track = frames.analyse(signal.subarray(at, at + RATE));
    for (let i = 0; i < track.count; i++) if (track.f0Hz[i]! > 0) found.push(track.f0Hz[i]!);
  }
  found.sort((a, b) => a - b);
  return found[Math.floor(found.length / 2)] ?? 0;
}

describe('createPitchEstimator', () => {
  it.each([90, 137, 220, 310])('finds a %d Hz sine within 1 % through the 4 kHz frame path', (hz) => {
    // Lead with silence so the tone stands above the adaptive noise floor, as a voice would.
    const signal = new Float32Array(RATE * 3);
    signal.set(sine(hz, 2), RATE);
    expect(Math.abs(medianF0(signal) - hz) / hz).toBeLessThan(0.01);
  });

  it('finds no pitch in white noise', () => {
    const estimator = createPitchEstimator({ sampleRate: 4000, windowSize: 64, minHz: 65, maxHz: 500, threshold: 0.3 });
    const noise = whiteNoise(0.1, 0.5).subarray(0, 400);
    expect(estimator.estimate(noise, 400).hz).toBe(0);
  });
});
