import { describe, expect, it } from 'vitest';
import { consistentDirection, learnLabels, LEARNING_LIMITS, type ToneRating } from './label-learning.js';

const times = (n: number, rating: ToneRating): ToneRating => ({ ...rating, count: n });

describe('learnLabels', () => {
  it('moves nothing before the installation has minCorrections tone corrections', () => {
    const learnt = learnLabels([times(LEARNING_LIMITS.minCorrections - 1, { shown: 'Calm', correct: 'Hesitant' })]);
    expect(learnt.corrections).toBe(9);
    expect(learnt.offsets).toBeUndefined();
    expect(learnt.labels.find((row) => row.label === 'Hesitant')).toEqual({ label: 'Hesitant', confirmed: 0, rejected: 0, missed: 9, offset: 0 });
  });

  it('shows a label named as right sooner and makes one rejected again and again need more evidence', () => {
    // Calm: 8 confirmed, 12 rejected → (0 − 12) / (20 + 60); Hesitant: 12 missed → 12 / (12 + 60).
    const learnt = learnLabels([times(8, { shown: 'Calm', correct: 'Calm' }), times(12, { shown: 'Calm', correct: 'Hesitant' })]);
    expect(learnt.corrections).toBe(20);
    expect(learnt.offsets).toEqual({ Calm: -0.15, Hesitant: 0.167 });
    expect(learnt.labels.find((row) => row.label === 'Calm')).toEqual({ label: 'Calm', confirmed: 8, rejected: 12, missed: 0, offset: -0.15 });
  });

  it('lets confirmations weigh against a rejection: a label mostly confirmed barely moves', () => {
    const learnt = learnLabels([times(40, { shown: 'Tense', correct: 'Tense' }), times(2, { shown: 'Tense', correct: 'Animated' })]);
    // Tense (0 − 2) / (42 + 60) = −0.02; Animated has 2 ratings, under minLabelRatings.
    expect(learnt.offsets).toEqual({ Tense: -0.02 });
  });

  it('never moves an offset past maxOffset, however many corrections', () => {
    const learnt = learnLabels([times(1_000_000, { shown: 'Questioning', correct: 'Calm' })]);
    expect(learnt.offsets).toEqual({ Questioning: -LEARNING_LIMITS.maxOffset, Calm: LEARNING_LIMITS.maxOffset });
  });

  it('counts "none of these" and a bare thumbs down as rejections only, and ignores labels outside the vocabulary', () => {
    const learnt = learnLabels([
      times(6, { shown: 'Rushed', correct: 'none' }),
      times(6, { shown: 'Rushed', correct: null }),
      times(50, { shown: 'Sarcastic', correct: 'Calm' }),
      { shown: 'Calm', correct: 'Sarcastic' },
    ]);
    expect(learnt.corrections).toBe(13);
    // Rushed (0 − 12) / (12 + 60); Calm's one rejection is under minLabelRatings.
    expect(learnt.offsets).toEqual({ Rushed: -0.167 });
    expect(learnt.labels.every((row) => row.missed === 0)).toBe(true);
  });

  it('leaves a label the user corrects both ways at 0, however many ratings it has', () => {
    // Questioning named as right 47 times and rejected 33: the Wilson interval of 47/80 straddles one half.
    const learnt = learnLabels([
      times(47, { shown: 'Calm', correct: 'Questioning' }),
      times(33, { shown: 'Questioning', correct: 'Hesitant' }),
      times(100, { shown: 'Hesitant', correct: 'Hesitant' }),
    ]);
    expect(learnt.labels.find((row) => row.label === 'Questioning')).toMatchObject({ missed: 47, rejected: 33, offset: 0 });
    expect(learnt.offsets?.Questioning).toBeUndefined();
    expect(learnt.offsets?.Calm).toBeLessThan(0);
  });
});

describe('consistentDirection', () => {
  it('is true only when the Wilson interval of the share named as right excludes one half', () => {
    expect(consistentDirection(11, 0, 1.96)).toBe(true);
    expect(consistentDirection(31, 59, 1.96)).toBe(true);
    expect(consistentDirection(47, 33, 1.96)).toBe(false);
    expect(consistentDirection(0, 2, 1.96)).toBe(false);
    expect(consistentDirection(10, 10, 1.96)).toBe(false);
    expect(consistentDirection(0, 0, 1.96)).toBe(false);
  });

  it('needs only a majority at z 0, and more evidence for the same share at a larger z', () => {
    expect(consistentDirection(3, 2, 0)).toBe(true);
    expect(consistentDirection(5, 0, 1.96)).toBe(true);
    expect(consistentDirection(5, 0, 2.58)).toBe(false);
  });
});
