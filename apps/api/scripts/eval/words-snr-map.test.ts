import { describe, expect, it } from 'vitest';
import { conditionKnots, type WordsQuestionSample } from './words-snr-map.js';

const samples = (condition: string, snrs: number[], right: number): WordsQuestionSample[] =>
  snrs.map((raw, i) => ({ raw, correct: i < right, condition }));

describe('conditionKnots', () => {
  it('puts one knot per condition at its median estimate, with the share right there', () => {
    const map = conditionKnots([...samples('clean', [60, 62, 61, 70], 4), ...samples('snr10', [14, 16, 15], 1), ...samples('snr20', [25, 24, 26, 27, 23], 4)]);
    expect(map).toEqual({ raw: [15, 25, 62], precision: [0.333, 0.8, 1] });
  });

  it('pools a quieter condition that did worse than a noisier one, so the map never rises into the noise', () => {
    // clean right 3 of 4 (0.75) is below snr20's 4 of 5 (0.8): the two pool to 7 of 9 at their weighted median.
    const map = conditionKnots([...samples('clean', [60, 62, 61, 70], 3), ...samples('snr10', [14, 16, 15], 1), ...samples('snr20', [25, 24, 26, 27, 23], 4)]);
    expect(map.precision).toEqual([...map.precision].sort((a, b) => a - b));
    expect(map).toEqual({ raw: [15, Math.round(((25 * 5 + 62 * 4) / 9) * 1000) / 1000], precision: [0.333, 0.778] });
  });

  it('pools two conditions at the same estimate into one knot', () => {
    const map = conditionKnots([...samples('clean', [40, 40, 40], 3), ...samples('quiet', [40, 40, 40, 40], 2), ...samples('snr10', [14, 16, 15], 1)]);
    expect(map).toEqual({ raw: [15, 40], precision: [0.333, 0.714] });
  });
});
