import { describe, expect, it } from 'vitest';
import { calibrateConfidence } from './confidence-calibration.js';
import { CONFIDENCE_CALIBRATION, CONFIDENCE_CALIBRATION_PHONE } from './confidence-calibration-table.js';
import { LABEL_CONFIDENCE } from './confidence-limits.js';
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
  narrowband: false,
  channel: null,
  channelSure: false,
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

describe('ToneLabeller confidence through a phone line', () => {
  it('quotes a window heard through a phone line by the phone line map, and a full-band one by the usual map', () => {
    // The same voice becoming monotone, said by a calibrated labeller and by a raw one, full band and through a line.
    const said = (narrowband: boolean, calibrated: boolean) => {
      const labeller = new ToneLabeller('speaker_a', { calibrated });
      for (let k = 0; k < 12; k++) labeller.observe({ ...usual, narrowband });
      labeller.pause(1);
      return labeller.observe({ ...usual, pitchRangeSt: 0.8, narrowband });
    };
    for (const narrowband of [false, true]) {
      const raw = said(narrowband, false);
      expect(raw.label).toBe('Matter-of-fact');
      const table = narrowband ? CONFIDENCE_CALIBRATION_PHONE : CONFIDENCE_CALIBRATION;
      expect(said(narrowband, true).confidence).toBeCloseTo(calibrateConfidence(raw.label, raw.confidence, table), 2);
    }
    // The maps differ where this window falls, so the test can tell them apart.
    const raw = said(true, false).confidence;
    expect(Math.abs(calibrateConfidence('Matter-of-fact', raw, CONFIDENCE_CALIBRATION_PHONE) - calibrateConfidence('Matter-of-fact', raw))).toBeGreaterThan(0.1);
  });
});

describe('ToneLabeller while it learns a new voice', () => {
  const { settleWindows } = LABEL_CONFIDENCE;

  it('says nothing (confidence 0) until the baseline has learnt from settleWindows speech windows, then labels', () => {
    const labeller = new ToneLabeller();
    // A voice far from the population defaults: judged against them it would read as something other than Calm.
    const loud = { ...usual, loudnessDb: -14, pitchSt: 16 };
    const confidences = Array.from({ length: settleWindows + 1 }, () => labeller.observe(loud).confidence);
    expect(confidences.slice(0, settleWindows)).toEqual(Array.from({ length: settleWindows }, () => 0));
    expect(confidences[settleWindows]).toBeGreaterThan(0);
    expect(labeller.baselineState().windows).toBe(settleWindows + 1);
  });

  it('does not count windows with too little voice to learn from', () => {
    const labeller = new ToneLabeller();
    for (let k = 0; k < settleWindows + 2; k++) expect(labeller.observe({ ...usual, voicedFrames: 10 }).confidence).toBe(0);
  });

  it('labels at once a voice it resumes from a kept baseline', () => {
    const kept = new ToneLabeller();
    for (let k = 0; k < 12; k++) kept.observe(usual);
    const resumed = new ToneLabeller('speaker_a', { startFrom: kept.baselineState() });
    expect(resumed.observe(usual).confidence).toBeGreaterThan(0);
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
