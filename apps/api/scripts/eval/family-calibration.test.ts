import { describe, expect, it } from 'vitest';
import { fitIsotonic, reliability } from './family-calibration.js';

describe('fitIsotonic', () => {
  it('maps raw confidence to the observed share right, monotone, in blocks of at least 12', () => {
    // 24 windows at 0.6 right 6 times, 24 at 0.9 right 18 times.
    const samples = [
      ...Array.from({ length: 24 }, (_, i) => ({ raw: 0.6, correct: i < 6 })),
      ...Array.from({ length: 24 }, (_, i) => ({ raw: 0.9, correct: i < 18 })),
    ];
    expect(fitIsotonic(samples)).toEqual({ raw: [0.6, 0.9], precision: [0.25, 0.75] });
  });

  it('pools a higher confidence that was right less often into one block', () => {
    const samples = [
      ...Array.from({ length: 12 }, (_, i) => ({ raw: 0.6, correct: i < 9 })),
      ...Array.from({ length: 12 }, (_, i) => ({ raw: 0.8, correct: i < 3 })),
    ];
    expect(fitIsotonic(samples)).toEqual({ raw: [0.7], precision: [0.5] });
  });
});

describe('reliability', () => {
  it('gives the expected calibration error and the share of confident wrong labels', () => {
    const shown = [
      ...Array.from({ length: 10 }, (_, i) => ({ label: 'Tense', confidence: 0.95, correct: i < 5 })),
      ...Array.from({ length: 10 }, (_, i) => ({ label: 'Calm', confidence: 0.55, correct: i < 5 })),
    ];
    const result = reliability(shown);
    expect(result.ece).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.05, 9);
    expect(result.confidentWrong).toBe(0.25);
    expect(result.bins.map((bin) => [bin.n, bin.precision])).toEqual([[10, 0.5], [10, 0.5]]);
  });
});
