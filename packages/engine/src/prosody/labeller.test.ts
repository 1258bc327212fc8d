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
