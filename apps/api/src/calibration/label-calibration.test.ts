import { describe, expect, it } from 'vitest';
import { CALIBRATION_LIMITS, labelThreshold, learnShifts, type LabelRating } from './label-calibration.js';

const many = (label: string, rating: 'up' | 'down', n: number): LabelRating[] => Array.from({ length: n }, () => ({ label, rating }));

describe('learnShifts', () => {
  it('raises the bar of a label rejected more often than the rest and lowers that of one confirmed more often', () => {
    // Approval overall 0.5; Tense smoothed precision (0 + 0.5 × 6) / 9 = 1/3, Calm (3 + 3) / 9 = 2/3.
    const shifts = learnShifts([...many('Tense', 'down', 3), ...many('Calm', 'up', 3)]);
    expect(shifts.get('Tense')).toEqual({ label: 'Tense', ups: 0, downs: 3, shift: 0.067 });
    expect(shifts.get('Calm')).toEqual({ label: 'Calm', ups: 3, downs: 0, shift: -0.067 });
    expect(labelThreshold(shifts, 'Tense', 0.5)).toBeCloseTo(0.567);
    expect(labelThreshold(shifts, 'Calm', 0.5)).toBeCloseTo(0.433);
    expect(labelThreshold(shifts, 'Rushed', 0.5)).toBe(0.5);
  });

  it('never moves a bar past the bound, however many ratings', () => {
    const shifts = learnShifts([...many('Tense', 'down', 100_000), ...many('Calm', 'up', 100_000)]);
    expect(shifts.get('Tense')!.shift).toBe(CALIBRATION_LIMITS.maxShift);
    expect(shifts.get('Calm')!.shift).toBe(-CALIBRATION_LIMITS.maxShift);
  });

  it('judges labels against the user’s own approval: one label alone, or labels rated alike, keep their bar', () => {
    expect(learnShifts(many('Tense', 'down', 50)).get('Tense')!.shift).toBe(0);
    const alike = learnShifts([...many('Hesitant', 'down', 7), ...many('Hesitant', 'up', 7), ...many('Calm', 'down', 2), ...many('Calm', 'up', 2)]);
    expect([alike.get('Hesitant')!.shift, alike.get('Calm')!.shift]).toEqual([0, 0]);
  });
});
