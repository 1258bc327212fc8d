import { describe, expect, it } from 'vitest';
import { CADENCE_PLANS, frequencySets } from './cadence-plans.js';
import { Decimator } from './decimator.js';
import { SpectralFlatness } from './spectral-flatness.js';

describe('CADENCE_PLANS', () => {
  it('gives every plan an even on/off cadence whose nominal values lie inside their ranges', () => {
    for (const plan of CADENCE_PLANS) {
      expect(plan.nominal.length % 2, plan.region).toBe(0);
      expect(plan.ranges).toHaveLength(plan.nominal.length);
      plan.nominal.forEach((seconds, i) => {
        const [min, max] = plan.ranges[i]!;
        expect(seconds).toBeGreaterThanOrEqual(min);
        expect(seconds).toBeLessThanOrEqual(max);
      });
    }
  });

  it('groups plans into distinct frequency families', () => {
    expect(frequencySets(CADENCE_PLANS)).toEqual([[440, 480], [480, 620], [425], [400, 450], [400]]);
  });
});

describe('Decimator', () => {
  it('produces the same 8 kHz samples whether the input arrives whole or in odd-sized windows', () => {
    const input = Float32Array.from({ length: 4801 }, (_, n) => Math.sin(n * 0.05) + 0.3 * Math.sin(n * 1.3));
    const whole: number[] = [];
    new Decimator(16000).push(input, (s) => whole.push(s));
    const pieces: number[] = [];
    const decimator = new Decimator(16000);
    for (let at = 0; at < input.length; at += 777) decimator.push(input.subarray(at, at + 777), (s) => pieces.push(s));
    expect(pieces).toHaveLength(2400);
    expect(pieces).toEqual(whole);
  });

  it('passes a 1 kHz tone and removes a 6 kHz tone', () => {
    const level = (hz: number): number => {
      const out: number[] = [];
      new Decimator(16000).push(Float32Array.from({ length: 16000 }, (_, n) => Math.sin((2 * Math.PI * hz * n) / 16000)), (s) => out.push(s));
      return Math.sqrt(out.slice(100).reduce((sum, s) => sum + s * s, 0) / (out.length - 100));
    };
    expect(level(1000)).toBeCloseTo(Math.SQRT1_2, 1);
    expect(level(6000)).toBeLessThan(0.01);
  });

  it('rejects rates that are not a multiple of 8 kHz', () => {
    expect(() => new Decimator(44100)).toThrow('multiple of 8000 Hz');
  });
});

describe('SpectralFlatness', () => {
  const measure = (signal: (n: number) => number): number => {
    const ring = Float64Array.from({ length: 256 }, (_, n) => signal(n));
    return new SpectralFlatness().measure(ring, 0);
  };

  it('is near 0 dB for white noise and far below for a chord', () => {
    let seed = 3;
    const noise = measure(() => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5));
    const chord = measure((n) => [261.6, 329.6, 392].reduce((sum, hz) => sum + Math.sin((2 * Math.PI * hz * n) / 8000), 0));
    expect(noise).toBeGreaterThan(-4);
    expect(chord).toBeLessThan(-20);
  });
});
