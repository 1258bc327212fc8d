import { describe, expect, it } from 'vitest';
import { createFrameAnalyser } from './frames.js';
import { PitchEstimator } from './pitch.js';
import { RATE, sine, voice, whiteNoise } from './test-signals.js';

/** YIN as the paper writes it: the difference function over every lag, then the dip search. */
function fullSearchHz(signal: Float32Array, end: number): number {
  const [rate, size, minLag, maxLag, threshold] = [4000, 64, 8, 62, 0.25];
  const start = end - size - maxLag - 1;
  const cmnd = new Float64Array(maxLag + 2);
  let runningSum = 0;
  cmnd[0] = 1;
  for (let lag = 1; lag <= maxLag + 1; lag++) {
    let difference = 0;
    for (let i = start; i < start + size; i++) difference += (signal[i]! - signal[i + lag]!) ** 2;
    runningSum += difference;
    cmnd[lag] = runningSum > 0 ? (difference * lag) / runningSum : 1;
  }
  for (let lag = minLag; lag <= maxLag; lag++) {
    if (cmnd[lag]! >= threshold) continue;
    while (lag + 1 <= maxLag && cmnd[lag + 1]! < cmnd[lag]!) lag++;
    const [left, centre, right] = [cmnd[lag - 1]!, cmnd[lag]!, cmnd[lag + 1]!];
    const curvature = left - 2 * centre + right;
    const shift = curvature > 0 ? (0.5 * (left - right)) / curvature : 0;
    return rate / (lag + Math.max(-0.5, Math.min(0.5, shift)));
  }
  return 0;
}

/** A 16 kHz signal taken down to the 4 kHz the estimator sees (every fourth sample). */
function at4kHz(signal: Float32Array): Float32Array {
  return Float32Array.from({ length: Math.floor(signal.length / 4) }, (_, i) => signal[4 * i]!);
}

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

describe('PitchEstimator', () => {
  it.each([90, 137, 220, 310])('finds a %d Hz sine within 1 % through the 4 kHz frame path', (hz) => {
    // Lead with silence so the tone stands above the adaptive noise floor, as a voice would.
    const signal = new Float32Array(RATE * 3);
    signal.set(sine(hz, 2), RATE);
    expect(Math.abs(medianF0(signal) - hz) / hz).toBeLessThan(0.01);
  });

  it('stops the difference function early yet returns exactly the full search on every frame', () => {
    const estimator = new PitchEstimator({ sampleRate: 4000, windowSize: 64, minHz: 65, maxHz: 500, threshold: 0.25 });
    // Voices from below the lowest to above the highest pitch, noise, and voice in noise: dips
    // found early, late, at the last lag, and not at all.
    const noise = whiteNoise(1, 0.2);
    const signals = [60, 90, 140, 220, 480, 520].map((hz) => at4kHz(voice(1, hz)));
    signals.push(at4kHz(noise), at4kHz(voice(1, 140).map((sample, i) => sample + noise[i]!)));
    let voiced = 0;
    for (const signal of signals) {
      for (let end = estimator.span; end <= signal.length; end += 20) {
        const expected = fullSearchHz(signal, end);
        expect(estimator.estimate(signal, end).hz).toBe(expected);
        if (expected > 0) voiced++;
      }
    }
    expect(voiced).toBeGreaterThan(300);
  });

  it('finds no pitch in white noise', () => {
    const estimator = new PitchEstimator({ sampleRate: 4000, windowSize: 64, minHz: 65, maxHz: 500, threshold: 0.3 });
    const noise = whiteNoise(0.1, 0.5).subarray(0, 400);
    expect(estimator.estimate(noise, 400).hz).toBe(0);
  });
});
