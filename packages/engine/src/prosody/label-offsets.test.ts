import { describe, expect, it } from 'vitest';
import { offsetDecision } from './label-offsets.js';
import { decideToneByRules as decideTone, type Deviation } from './labels.js';

const usual: Deviation = { pitchSt: 0, pitchRangeLog: 0, loudnessDb: 0, rate: 0, tempo: 0, pauseRatio: 0 };

describe('offsetDecision', () => {
  it('returns the scorer’s own decision when nothing is learnt', () => {
    const decision = decideTone({ ...usual, pauseRatio: 1.2 }, Number.NaN);
    expect(offsetDecision(decision, undefined)).toBe(decision);
  });

  it('lets a label the user often named as right win a window it narrowly lost', () => {
    // Louder and higher: Tense scores 1.1, Animated (raised pitch, range near usual) 1.05.
    const decision = decideTone({ ...usual, loudnessDb: 2.2, pitchSt: 1.1, pitchRangeLog: 0.05 }, Number.NaN);
    expect([decision.label, decision.scores.Animated]).toEqual(['Tense', 1.05]);
    const learnt = offsetDecision(decision, { Animated: 0.3 });
    expect(learnt.label).toBe('Animated');
    expect(learnt.score).toBeCloseTo(1.35);
    expect(learnt.scores.Tense).toBeCloseTo(1.1);
    // The measured flags and shift do not change: only which label is shown, and its score.
    expect([learnt.flags, learnt.shiftMagnitude]).toEqual([decision.flags, decision.shiftMagnitude]);
  });

  it('makes a rejected label need more evidence: just past the line becomes Calm', () => {
    const decision = decideTone({ ...usual, pauseRatio: 1.1 }, Number.NaN);
    expect(decision.label).toBe('Hesitant');
    const learnt = offsetDecision(decision, { Hesitant: -0.2 });
    expect(learnt.label).toBe('Calm');
    expect(learnt.score).toBeCloseTo(1 - (decision.scores.Hesitant - 0.2));
  });

  it('reads a Calm offset as the line every other label must clear, keeping the winner’s margin the largest', () => {
    const decision = decideTone({ ...usual, pauseRatio: 1.1 }, Number.NaN);
    const calmer = offsetDecision(decision, { Calm: 0.2 });
    expect(calmer.label).toBe('Calm');
    expect(calmer.scores.Hesitant).toBeCloseTo(decision.scores.Hesitant - 0.2);
    const livelier = offsetDecision(decideTone({ ...usual, pauseRatio: 0.9 }, Number.NaN), { Calm: -0.2 });
    expect(livelier.label).toBe('Hesitant');
    expect(livelier.scores.Calm).toBeLessThan(0);
  });
});
