import { describe, expect, it } from 'vitest';
import { ToneLabeller } from './labeller.js';
import type { WindowFeatures } from './window-features.js';

const usual: WindowFeatures = {
  speech: true,
  voicedFrames: 60,
  firstVoicedS: 0,
  lastVoicedEndS: 1,
  pitchSt: 10,
  pitchRangeSt: 2,
  loudnessDb: -26,
  loudnessSpreadDb: 6,
  rate: 4,
  tempo: 0.2,
  pauseRatio: 0,
  endSlope: Number.NaN,
  endRiseSt: Number.NaN,
};

describe('ToneLabeller', () => {
  it('hears a narrow voice halving its pitch range as monotone, as it would a wide voice', () => {
    for (const rangeSt of [2, 4]) {
      const labeller = new ToneLabeller();
      for (let k = 0; k < 12; k++) labeller.observe({ ...usual, pitchRangeSt: rangeSt });
      labeller.pause(1);
      const observation = labeller.observe({ ...usual, pitchRangeSt: rangeSt / 2.5 });
      expect([observation.label, observation.prosody_flags]).toEqual(['Matter-of-fact', ['monotone']]);
    }
  });
});

describe('ToneLabeller hysteresis', () => {
  function settled(): ToneLabeller {
    const labeller = new ToneLabeller();
    for (let k = 0; k < 12; k++) labeller.observe(usual);
    return labeller;
  }

  // A hesitant window: long pauses, and slower syllables and envelope between them.
  const hesitant: WindowFeatures = { ...usual, pauseRatio: 0.4, rate: 3, tempo: 0.1 };

  it('holds the shown label through one window of long pauses, unconfidently so it is not shown again', () => {
    const labeller = settled();
    const flip = labeller.observe(hesitant);
    const after = labeller.observe(usual);
    expect([flip.label, after.label]).toEqual(['Calm', 'Calm']);
    // The window argued for Hesitant: the held Calm is below any minimum confidence worth showing.
    expect(flip.confidence).toBeLessThan(0.35);
    // The flags still say what was measured.
    expect(flip.prosody_flags).toEqual(['slow', 'long pauses']);
  });

  it('shows a sustained change of tone by its second window', () => {
    const labeller = settled();
    const labels = [0, 1, 2].map(() => labeller.observe(hesitant).label);
    expect(labels).toEqual(['Calm', 'Hesitant', 'Hesitant']);
  });
});

describe('ToneLabeller resumed from a kept baseline', () => {
  it('still labels a voice whose kept baseline has a number that is not finite (a NaN deviation silenced every model label)', () => {
    const startFrom = { pitch_st: 10, pitch_range_log: Math.log2(3), loudness_db: -26, rate: 4, tempo: Number.NaN, pause_ratio: 0, windows: 20 };
    const labeller = new ToneLabeller('speaker_a', { startFrom });
    labeller.observe(usual);
    const louder = labeller.observe({ ...usual, loudnessDb: -17, pitchSt: 13 });
    expect([louder.label, louder.prosody_flags]).toEqual(['Tense', ['loud', 'raised pitch']]);
    expect(Number.isFinite(louder.shift_magnitude)).toBe(true);
    expect(Object.values(labeller.baselineState()).every(Number.isFinite)).toBe(true);
  });
});
