import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_CONFIDENCE } from '../engine.js';
import { calibrateConfidence, observedPrecision } from './confidence-calibration.js';

const table = { Tense: { raw: [0.6, 0.8], precision: [0.7, 0.9] }, Calm: { raw: [0.7], precision: [0.3] } };

describe('calibrateConfidence', () => {
  it('interpolates between knots and is flat beyond them', () => {
    expect([0.55, 0.6, 0.7, 0.8, 0.95].map((raw) => calibrateConfidence('Tense', raw, table))).toEqual([0.7, 0.7, expect.closeTo(0.8, 9), 0.9, 0.9]);
  });

  it('never moves a shown label under the bar, nor a hidden one over it', () => {
    expect(calibrateConfidence('Calm', 0.9, table)).toBe(DEFAULT_MIN_CONFIDENCE);
    expect(calibrateConfidence('Tense', 0.4, table)).toBe(0.4);
  });

  it('leaves labels outside the table as they are', () => {
    expect(calibrateConfidence('angry', 0.66, table)).toBe(0.66);
  });

  it('ships a monotone map for every tone label', () => {
    for (const label of ['Calm', 'Matter-of-fact', 'Animated', 'Tense', 'Rushed', 'Hesitant', 'Questioning', 'Subdued']) {
      const values = [0.5, 0.6, 0.7, 0.8, 0.9, 1].map((raw) => calibrateConfidence(label, raw));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      for (const value of values) expect(value).toBeGreaterThanOrEqual(DEFAULT_MIN_CONFIDENCE);
    }
  });
});

describe('observedPrecision', () => {
  it('quotes a label at its fitted precision even under the bar, where calibrateConfidence floors it', () => {
    expect(observedPrecision('Calm', 0.9, table)).toBe(0.3);
    expect(calibrateConfidence('Calm', 0.9, table)).toBe(DEFAULT_MIN_CONFIDENCE);
    expect(observedPrecision('Tense', 0.7, table)).toBeCloseTo(0.8, 9);
  });

  it('leaves labels outside the table as they are', () => {
    expect(observedPrecision('angry', 0.66, table)).toBe(0.66);
  });
});
