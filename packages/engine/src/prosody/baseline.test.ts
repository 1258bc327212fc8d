import { describe, expect, it } from 'vitest';
import { POPULATION_PROFILE, SpeakerBaseline } from './baseline.js';

const usual = { pitchSt: 14, pitchRangeLog: 2.3, loudnessDb: -18, rate: 4.5, tempo: 0.3, pauseRatio: 0.1 };

describe('SpeakerBaseline', () => {
  it('starts at the population defaults', () => {
    expect({ ...new SpeakerBaseline().norm }).toEqual(POPULATION_PROFILE);
  });

  it('adapts to the speaker within a few windows', () => {
    const baseline = new SpeakerBaseline();
    for (let i = 0; i < 10; i++) baseline.learn(usual, false);
    expect(baseline.norm.pitchSt).toBeCloseTo(14, 0);
    expect(baseline.norm.loudnessDb).toBeCloseTo(-18, 0);
  });

  it('moves only a little for a short outburst once learnt', () => {
    const baseline = new SpeakerBaseline();
    for (let i = 0; i < 10; i++) baseline.learn(usual, false);
    for (let i = 0; i < 3; i++) baseline.learn({ ...usual, loudnessDb: 0, pitchSt: 24 }, true);
    expect(baseline.norm.loudnessDb).toBeLessThan(-17);
    expect(baseline.norm.pitchSt).toBeLessThan(15);
  });

  it('keeps the population default for a resumed number that is not finite, so the norm can still learn', () => {
    const state = { pitch_st: 14, pitch_range_log: 2.3, loudness_db: -18, rate: 4.5, tempo: Number.NaN, pause_ratio: 0.1, windows: Number.NaN };
    const baseline = new SpeakerBaseline(state);
    expect({ ...baseline.norm }).toEqual({ ...usual, tempo: POPULATION_PROFILE.tempo });
    expect(baseline.windows).toBe(0);
    baseline.learn(usual, false);
    expect(Object.values(baseline.state()).every(Number.isFinite)).toBe(true);
  });
});
