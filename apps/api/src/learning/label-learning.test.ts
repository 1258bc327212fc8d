import { describe, expect, it } from 'vitest';
import { consistentDirection, learnLabels, LEARNING_LIMITS, type ToneRating } from './label-learning.js';

const times = (n: number, rating: ToneRating): ToneRating => ({ ...rating, count: n });
const { step, priorRatings } = LEARNING_LIMITS;
/** The offset the documented formula gives, rounded as learnLabels rounds it. */
const offset = (net: number, ratings: number) => Math.round(((step * net) / (ratings + priorRatings)) * 1000) / 1000;

describe('learnLabels', () => {
  it('moves nothing before the installation has minCorrections tone corrections', () => {
    const learnt = learnLabels([times(LEARNING_LIMITS.minCorrections - 1, { shown: 'Calm', correct: 'Hesitant' })]);
    expect(learnt.corrections).toBe(9);
    expect(learnt.offsets).toBeUndefined();
    expect(learnt.labels.find((row) => row.label === 'Hesitant')).toEqual({ label: 'Hesitant', confirmed: 0, rejected: 0, missed: 9, offset: 0 });
  });

  it('shows a label named as right sooner and makes one rejected again and again need more evidence', () => {
    // Calm: 8 confirmed, 12 rejected → step × (0 − 12) / (20 + prior); Hesitant: 12 missed → step × 12 / (12 + prior).
    const learnt = learnLabels([times(8, { shown: 'Calm', correct: 'Calm' }), times(12, { shown: 'Calm', correct: 'Hesitant' })]);
    expect(learnt.corrections).toBe(20);
    expect(learnt.offsets).toEqual({ Calm: offset(-12, 20), Hesitant: offset(12, 12) });
    expect(learnt.offsets!.Calm).toBeLessThan(0);
    expect(learnt.offsets!.Hesitant).toBeGreaterThan(0);
    expect(learnt.labels.find((row) => row.label === 'Calm')).toEqual({ label: 'Calm', confirmed: 8, rejected: 12, missed: 0, offset: offset(-12, 20) });
  });

  it('lets confirmations weigh against a rejection: a label mostly confirmed barely moves', () => {
    const learnt = learnLabels([times(40, { shown: 'Tense', correct: 'Tense' }), times(2, { shown: 'Tense', correct: 'Animated' })], { ...LEARNING_LIMITS, directionZ: 0 });
    // Tense step × (0 − 2) / (42 + prior), a twentieth of the bound at most; Animated has 2 ratings, under minLabelRatings.
    expect(learnt.offsets).toEqual({ Tense: offset(-2, 42) });
    expect(Math.abs(learnt.offsets!.Tense!)).toBeLessThan(LEARNING_LIMITS.maxOffset / 10);
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
    // Rushed step × (0 − 12) / (12 + prior); Calm's one rejection is under minLabelRatings.
    expect(learnt.offsets).toEqual({ Rushed: offset(-12, 12) });
    expect(learnt.labels.every((row) => row.missed === 0)).toBe(true);
  });

  it('with a direction gate, leaves a label the user corrects both ways at 0, however many ratings it has', () => {
    // Questioning named as right 47 times and rejected 33: the Wilson interval of 47/80 straddles one half.
    const learnt = learnLabels(
      [times(47, { shown: 'Calm', correct: 'Questioning' }), times(33, { shown: 'Questioning', correct: 'Hesitant' }), times(100, { shown: 'Hesitant', correct: 'Hesitant' })],
      { ...LEARNING_LIMITS, directionZ: 1.96 },
    );
    expect(learnt.labels.find((row) => row.label === 'Questioning')).toMatchObject({ missed: 47, rejected: 33, offset: 0 });
    expect(learnt.offsets?.Questioning).toBeUndefined();
    expect(learnt.offsets?.Calm).toBeLessThan(0);
    // Without the gate the same ratings move it.
    expect(learnLabels([times(47, { shown: 'Calm', correct: 'Questioning' }), times(33, { shown: 'Questioning', correct: 'Hesitant' })], { ...LEARNING_LIMITS, directionZ: 0 }).offsets?.Questioning).toBeGreaterThan(0);
  });

  it('moves a label less for the same corrections than a light prior would: the first corrections barely count', () => {
    const ratings = [times(20, { shown: 'Matter-of-fact', correct: 'Calm' })];
    const light = learnLabels(ratings, { ...LEARNING_LIMITS, step: 1, priorRatings: 60 }).offsets!;
    const learnt = learnLabels(ratings).offsets!;
    expect(light).toEqual({ Calm: 0.25, 'Matter-of-fact': -0.25 });
    expect(learnt.Calm).toBeGreaterThan(0);
    expect(learnt.Calm).toBeLessThan(light.Calm!);
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
