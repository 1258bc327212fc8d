import { describe, expect, it } from 'vitest';
import { ShiftTrend, SHIFT_TREND, WINDOW_TREND } from './trend.js';

const directions = (magnitudes: readonly number[], options = SHIFT_TREND) => {
  const trend = new ShiftTrend(options);
  return magnitudes.map((magnitude) => trend.next(magnitude, 0.8));
};
// A voice as usual: distances that wander by ±0.1 around 0.3, as a settled baseline's windows do.
const usual = [0.3, 0.38, 0.24, 0.33, 0.4, 0.22, 0.35, 0.28, 0.39, 0.25, 0.31, 0.37, 0.23, 0.34];

describe('ShiftTrend', () => {
  it('per window (until 2 Dec 2026): each window against the running level before it, so a voice as usual flickers', () => {
    const got = directions(usual, WINDOW_TREND);
    const changes = got.slice(1).filter((direction, i) => direction !== got[i]).length;
    expect(changes).toBeGreaterThan(3);
  });

  it('says nothing while a voice wanders around its usual distance', () => {
    expect(new Set(directions(usual))).toEqual(new Set(['stable']));
  });

  it('says "escalating" when the voice moves well away from where it was, until the reference catches up', () => {
    const far = Array.from({ length: 40 }, (_, i) => 0.78 + (i % 3) * 0.02);
    const got = directions([...usual, ...far]);
    expect(got.slice(0, usual.length).every((direction) => direction === 'stable')).toBe(true);
    // Said within two windows of the move, and held while the voice stays far from where it was...
    expect(got.slice(usual.length + 1, usual.length + 10).every((direction) => direction === 'escalating')).toBe(true);
    // ...not for as long as it stays far from usual: that is the label's job.
    expect(got.slice(-5)).toEqual(['stable', 'stable', 'stable', 'stable', 'stable']);
    const changes = got.slice(1).filter((direction, i) => direction !== got[i]).length;
    expect(changes).toBe(2);
  });

  it('says "de-escalating" when the voice comes back towards its usual sound', () => {
    const away = [0.8, 0.78, 0.82, 0.79, 0.8, 0.81, 0.78, 0.8, 0.79, 0.8];
    const got = directions([...away, 0.3, 0.28, 0.32]);
    expect(got.slice(0, away.length).every((direction) => direction === 'stable')).toBe(true);
    expect(got.slice(away.length)).toEqual(['de-escalating', 'de-escalating', 'de-escalating']);
  });

  it("says nothing in a voice's first windows, while its baseline is still learning it", () => {
    // A young baseline's distances fall as it learns: not the voice changing.
    const got = directions([0.9, 0.7, 0.55, 0.45, 0.35, 0.3, 0.3, 0.31, 0.29]);
    expect(new Set(got.slice(0, SHIFT_TREND.warmupWindows))).toEqual(new Set(['stable']));
    expect(got.length).toBeGreaterThan(SHIFT_TREND.warmupWindows);
  });
});
