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

/** Decimate `input` pushed in pieces of `piece` samples; returns every 8 kHz output. */
function decimate(input: Float32Array, piece = input.length, rate = 16000): number[] {
  const decimator = new Decimator(rate);
  const out: number[] = [];
  for (let at = 0; at < input.length; at += piece) {
    const output = new Float64Array(decimator.maxOutputs(piece));
    const end = decimator.push(input.subarray(at, at + piece), output, 0);
    out.push(...output.subarray(0, end));
  }
  return out;
}

/** The FIR a tap at a time, as the definition reads: one output per `factor` inputs. */
function directForm(input: Float32Array, decimator: Decimator): number[] {
  const taps = decimator.taps;
  const out: number[] = [];
  for (let at = decimator.factor - 1; at < input.length; at += decimator.factor) {
    let acc = 0;
    for (let k = 0; k < taps.length; k++) acc += taps[k]! * (input[at - taps.length + 1 + k] ?? 0);
    out.push(acc);
  }
  return out;
}

describe('Decimator', () => {
  it('produces the same 8 kHz samples whether the input arrives whole or in odd-sized windows', () => {
    const input = Float32Array.from({ length: 4801 }, (_, n) => Math.sin(n * 0.05) + 0.3 * Math.sin(n * 1.3));
    const pieces = decimate(input, 777);
    expect(pieces).toHaveLength(2400);
    expect(pieces).toEqual(decimate(input));
  });

  // 16 kHz takes the written-out 13-tap kernel, 48 kHz the general loop (four outputs per pass and the rest).
  it.each([16000, 48000])('gives bit-for-bit the direct-form FIR output at %d Hz', (rate) => {
    const input = Float32Array.from({ length: 3001 }, (_, n) => Math.sin(n * 0.31) * Math.cos(n * 0.017));
    expect(decimate(input, 131, rate)).toEqual(directForm(input, new Decimator(rate)));
  });

  const level = (hz: number): number => {
    const out = decimate(Float32Array.from({ length: 16000 }, (_, n) => Math.sin((2 * Math.PI * hz * n) / 16000)));
    return Math.sqrt(out.slice(100).reduce((sum, s) => sum + s * s, 0) / (out.length - 100)) / Math.SQRT1_2;
  };

  // 0.5 dB: a tenth of the 4 dB reverse twist a DTMF pair may show (ITU-T Q.24), so the filter's
  // droop towards the high group can never push a valid digit out.
  it.each([400, 425, 440, 480, 620, 697, 941, 1209, 1633])('passes the %d Hz call-progress or DTMF tone within 0.5 dB', (hz) => {
    expect(Math.abs(20 * Math.log10(level(hz)))).toBeLessThan(0.5);
  });

  it('keeps the second harmonic of 1633 Hz (3266 Hz) for the DTMF talk-off check', () => {
    expect(level(3266)).toBeGreaterThan(0.3);
  });

  it('removes a 6 kHz tone', () => {
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

  it('equals the flatness of a direct DFT of the Hann-windowed ring read from any end', () => {
    const ring = Float64Array.from({ length: 256 }, (_, n) => Math.sin(n * 0.37) + 0.2 * Math.cos(n * 1.9) + ((n * 7919) % 13) / 50);
    for (const end of [0, 37, 255]) {
      const x = Array.from({ length: 256 }, (_, i) => ring[(end + i) % 256]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 256)));
      const powers: number[] = [];
      for (let k = 6; k <= 109; k++) {
        let re = 0;
        let im = 0;
        x.forEach((v, n) => {
          re += v * Math.cos((2 * Math.PI * k * n) / 256);
          im -= v * Math.sin((2 * Math.PI * k * n) / 256);
        });
        powers.push(re * re + im * im + 1e-12);
      }
      const logMean = powers.reduce((sum, p) => sum + Math.log(p), 0) / powers.length;
      const expected = (10 / Math.LN10) * (logMean - Math.log(powers.reduce((sum, p) => sum + p, 0) / powers.length));
      expect(new SpectralFlatness().measure(ring, end)).toBeCloseTo(expected, 9);
    }
  });

  it('is near 0 dB for white noise and far below for a chord', () => {
    let seed = 3;
    const noise = measure(() => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5));
    const chord = measure((n) => [261.6, 329.6, 392].reduce((sum, hz) => sum + Math.sin((2 * Math.PI * hz * n) / 8000), 0));
    expect(noise).toBeGreaterThan(-4);
    expect(chord).toBeLessThan(-20);
  });
});
