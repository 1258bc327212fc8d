import { describe, expect, it } from 'vitest';
import { levelFromRms, rmsOfInt16 } from './level';

describe('rmsOfInt16', () => {
  it('gives the RMS of a full-scale square wave as 1 and of silence as 0', () => {
    expect(rmsOfInt16(new Int16Array([-32768, -32768]))).toBe(1);
    expect(rmsOfInt16(new Int16Array(160))).toBe(0);
  });
});

describe('levelFromRms', () => {
  it('maps -60..0 dBFS linearly onto 0..1 and clamps outside', () => {
    expect(levelFromRms(1)).toBe(1);
    expect(levelFromRms(0.001)).toBeCloseTo(0, 10);
    expect(levelFromRms(0.0001)).toBe(0);
    expect(levelFromRms(10 ** (-30 / 20))).toBeCloseTo(0.5, 10);
    expect(levelFromRms(0)).toBe(0);
  });
});
