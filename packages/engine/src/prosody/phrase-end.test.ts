import { describe, expect, it } from 'vitest';
import { PhraseEndTracker } from './phrase-end.js';

function endOf(contour: number[]) {
  const tracker = new PhraseEndTracker();
  contour.forEach((semitones, k) => tracker.add(k * 0.02, semitones, false));
  return tracker.end()!;
}

describe('PhraseEndTracker', () => {
  it('measures a rising end as a positive rise and slope', () => {
    const end = endOf([5, 5, 4.8, 4.6, 4.5, 4.5, 5, 5.8, 6.6, 7.5, 8.4]);
    // Medians of three: the last point (8.4) counts as the median 7.5, the dip as 4.5.
    expect(end.riseSt).toBeCloseTo(3, 5);
    expect(end.slopeStPerS).toBeGreaterThan(15);
  });

  it('measures a falling end as no rise and a negative slope', () => {
    const end = endOf([8, 7.8, 7.5, 7, 6.4, 5.9, 5.2, 4.6, 4]);
    expect(end.riseSt).toBe(0);
    expect(end.slopeStPerS).toBeLessThan(-20);
  });

  it('ignores a single octave slip at the end', () => {
    expect(endOf([5, 5, 5, 5, 5, 5, 17, 5]).riseSt).toBe(0);
  });

  it('reports nothing when no pitch was heard, and starts afresh after an end', () => {
    const tracker = new PhraseEndTracker();
    expect(tracker.end()).toBeNull();
    tracker.add(0, 5, false);
    tracker.end();
    expect(tracker.end()).toBeNull();
  });
});
