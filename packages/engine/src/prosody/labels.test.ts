import { describe, expect, it } from 'vitest';
import { CALM_BELOW, decideTone as shipped, decideToneByRules as decideTone, deviation, toneScorerFor } from './labels.js';
import type { ToneModel } from './tone-model.js';

const usual = { pitchSt: 0, pitchRangeLog: 0, loudnessDb: 0, rate: 0, tempo: 0, pauseRatio: 0 };

const profiles = [
  ['Tense', { ...usual, loudnessDb: 3.5, pitchSt: 2 }, ['loud', 'raised pitch']],
  ['Animated', { ...usual, loudnessDb: 1.4, pitchSt: 2, pitchRangeLog: 1.8 }, ['loud', 'raised pitch', 'wide range']],
  ['Subdued', { ...usual, loudnessDb: -3, pitchSt: -2, rate: -0.5 }, ['quiet', 'low pitch']],
  ['Matter-of-fact', { ...usual, pitchRangeLog: -1.8, pitchSt: -1.3 }, ['low pitch', 'monotone']],
  ['Rushed', { ...usual, rate: 2, tempo: 2 }, ['fast']],
  ['Hesitant', { ...usual, pauseRatio: 1.6, rate: -1.2, tempo: -1.2 }, ['slow', 'long pauses']],
] as const;

describe('decideTone (the fitted model the engine ships)', () => {
  it('calls a window like the speaker’s norm Calm, with no flags and no shift: no label reaches the line', () => {
    const { scores, ...decision } = shipped(usual, Number.NaN);
    expect(decision).toMatchObject({ label: 'Calm', flags: [], shiftMagnitude: 0 });
    const others = Object.entries(scores).filter(([label]) => label !== 'Calm');
    for (const [, score] of others) expect(score).toBeLessThan(CALM_BELOW);
    expect(decision.score).toBeCloseTo(CALM_BELOW - Math.max(...others.map(([, score]) => score)));
  });

  it.each(profiles)('labels a %s profile from its deviations', (label, z, flags) => {
    const decision = shipped(z, Number.NaN);
    expect([decision.label, decision.flags]).toEqual([label, flags]);
    expect(decision.score).toBeGreaterThan(CALM_BELOW);
  });

  it('hears much higher and louder speech at its usual pitch range as Tense, and a wide melody as Animated', () => {
    expect(shipped({ ...usual, pitchSt: 4, loudnessDb: 3, pitchRangeLog: 0.2 }, Number.NaN).label).toBe('Tense');
    expect(shipped({ ...usual, pitchRangeLog: 2 }, Number.NaN).label).toBe('Animated');
  });

  it('leaves Questioning to the phrase-final rule', () => {
    expect(shipped(usual, 4)).toMatchObject({ label: 'Questioning', flags: ['rising end'] });
    expect(shipped(usual, 1).label).toBe('Calm');
  });
});

describe('toneScorerFor', () => {
  // Two inputs matter in this hand-made model: loudness for Tense, pauses for Hesitant (log-odds against Calm).
  const row = (bias: number, loudness = 0, pause = 0) => [bias, 0, 0, loudness, 0, 0, pause];
  const model: ToneModel = {
    features: 'linear',
    scale: 0.5,
    weights: [row(0), row(-10), row(-10), row(-2, 1), row(-10), row(-1, 0, 1), row(-10)],
  };

  it('scores each label CALM_BELOW + scale × its log-odds against Calm, and picks the strongest', () => {
    const decision = toneScorerFor(model)({ ...usual, loudnessDb: 5, pauseRatio: 2 }, Number.NaN);
    expect(decision.scores.Tense).toBeCloseTo(CALM_BELOW + 0.5 * 3);
    expect(decision.scores.Hesitant).toBeCloseTo(CALM_BELOW + 0.5 * 1);
    expect([decision.label, decision.score]).toEqual(['Tense', decision.scores.Tense]);
    expect(decision.scores.Calm).toBeCloseTo(CALM_BELOW - decision.score);
  });

  it('clips a deviation beyond six spreads, so one tracker slip cannot dominate', () => {
    const slip = toneScorerFor(model)({ ...usual, loudnessDb: 40 }, Number.NaN);
    expect(slip.scores.Tense).toBeCloseTo(CALM_BELOW + 0.5 * (6 - 2));
  });
});

describe('decideToneByRules (the hand-written rules every model is compared with)', () => {
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

  it.each(profiles)('labels a %s profile from its deviations', (label, z, flags) => {
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

describe('deviation', () => {
  const norm = { pitchSt: 6, pitchRangeLog: 2, loudnessDb: -24, rate: 5, tempo: 0.3, pauseRatio: 0.15 };

  it('is the distance from the norm in window spreads, and none where it cannot be measured', () => {
    const z = deviation({ ...norm, loudnessDb: -19, pitchSt: Number.NaN, rate: Number.POSITIVE_INFINITY }, norm, { ...usual });
    expect(z).toEqual({ ...usual, loudnessDb: 2 });
  });

  it('counts a norm that is not a number as no deviation, so the model still scores the other inputs', () => {
    const z = deviation({ ...norm, loudnessDb: -15.25, pitchSt: 9 }, { ...norm, tempo: Number.NaN }, { ...usual });
    expect(z).toEqual({ ...usual, loudnessDb: 3.5, pitchSt: 2 });
    expect(shipped(z, Number.NaN).label).toBe('Tense');
  });
});
