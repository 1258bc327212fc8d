import { describe, expect, it } from 'vitest';
import { CALIBRATION_LIMITS, labelThreshold, learnShifts, type LabelRating } from './label-calibration.js';

const many = (label: string, rating: 'up' | 'down', n: number): LabelRating[] => Array.from({ length: n }, () => ({ label, rating }));

describe('learnShifts', () => {
  it('raises the bar of a label rejected again and again and lowers that of one confirmed often', () => {
    const shifts = learnShifts([...many('Tense', 'down', 10), ...many('Calm', 'up', 10)]);
    expect(shifts.get('Tense')).toEqual({ label: 'Tense', ups: 0, downs: 10, shift: 0.075 });
    expect(shifts.get('Calm')).toEqual({ label: 'Calm', ups: 10, downs: 0, shift: -0.075 });
    expect(labelThreshold(shifts, 'Tense', 0.5)).toBeCloseTo(0.575);
    expect(labelThreshold(shifts, 'Calm', 0.5)).toBeCloseTo(0.425);
    expect(labelThreshold(shifts, 'Rushed', 0.5)).toBe(0.5);
  });

  it('moves a little on a few ratings and never past the bound, however many', () => {
    expect(learnShifts(many('Tense', 'down', 1)).get('Tense')!.shift).toBeCloseTo(0.017, 3);
    expect(learnShifts(many('Tense', 'down', 100_000)).get('Tense')!.shift).toBe(CALIBRATION_LIMITS.maxShift);
    expect(learnShifts(many('Calm', 'up', 100_000)).get('Calm')!.shift).toBe(-CALIBRATION_LIMITS.maxShift);
  });

  it('cancels out mixed ratings', () => {
    expect(learnShifts([...many('Hesitant', 'down', 7), ...many('Hesitant', 'up', 7)]).get('Hesitant')!.shift).toBe(0);
  });
});
