import { describe, expect, it } from 'vitest';
import { decideTone } from './labels.js';

const usual = { pitchSt: 0, pitchRangeLog: 0, loudnessDb: 0, rate: 0, tempo: 0, pauseRatio: 0 };

describe('decideTone', () => {
  it('calls a window like the speaker’s norm Calm, with no flags and no shift', () => {
    const { scores, ...decision } = decideTone(usual, Number.NaN);
    expect(decision).toEqual({ label: 'Calm', score: 1, flags: [], shiftMagnitude: 0 });
    // Every other rule scores nothing, so Calm's own score is the whole way to the firing line.
    expect(Object.entries(scores).map(([label, score]) => [label, score + 0])).toEqual([
      ['Tense', 0],
      ['Animated', 0],
      ['Subdued', 0],
      ['Matter-of-fact', 0],
      ['Rushed', 0],
      ['Hesitant', 0],
      ['Questioning', 0],
      ['Calm', 1],
    ]);
  });

  it.each([
    ['Tense', { ...usual, loudnessDb: 3.5, pitchSt: 2 }, ['loud', 'raised pitch']],
    ['Animated', { ...usual, loudnessDb: 1.4, pitchSt: 2, pitchRangeLog: 1.8 }, ['loud', 'raised pitch', 'wide range']],
    ['Subdued', { ...usual, loudnessDb: -3, pitchSt: -2, rate: -0.5 }, ['quiet', 'low pitch']],
    ['Matter-of-fact', { ...usual, pitchRangeLog: -1.8, pitchSt: -1.3 }, ['low pitch', 'monotone']],
    ['Rushed', { ...usual, rate: 2, tempo: 2 }, ['fast']],
    ['Hesitant', { ...usual, pauseRatio: 1.6, rate: -1.2, tempo: -1.2 }, ['slow', 'long pauses']],
  ] as const)('labels a %s profile from its deviations', (label, z, flags) => {
    const decision = decideTone(z, Number.NaN);
    expect([decision.label, decision.flags]).toEqual([label, flags]);
    expect(decision.shiftMagnitude).toBeGreaterThan(0.1);
  });

  it('labels a rising phrase end Questioning', () => {
    expect(decideTone(usual, 4)).toMatchObject({ label: 'Questioning', flags: ['rising end'] });
    expect(decideTone(usual, 1).label).toBe('Calm');
  });

  it('hears much higher and louder speech at its usual pitch range as Tense, not Animated', () => {
    // flite's Tense (+45 % pitch, +9 dB) keeps its range; it used to read as Animated.
    const tense = { ...usual, pitchSt: 4, loudnessDb: 3, pitchRangeLog: 0.2 };
    expect(decideTone(tense, Number.NaN).label).toBe('Tense');
    expect(decideTone({ ...tense, pitchRangeLog: 2.5, loudnessDb: 1.5 }, Number.NaN).label).toBe('Animated');
  });

  it('does not take quiet speech lost in noise for hesitation', () => {
    expect(decideTone({ ...usual, loudnessDb: -2.4, pitchSt: -2, pauseRatio: 2.5 }, Number.NaN).label).toBe('Subdued');
  });
});
