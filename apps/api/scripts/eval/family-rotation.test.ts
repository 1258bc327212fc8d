import { describe, expect, it } from 'vitest';
import { decideTone, type ToneScorer } from '@linnet/engine';
import { RotationModels } from './family-rotation.js';

describe('RotationModels', () => {
  it('fits each set of left-out families once, whatever the order, and counts every model it fitted', () => {
    const asked: Array<readonly string[]> = [];
    const models = new RotationModels((without) => {
      asked.push(without);
      const scorer: ToneScorer = (z, rise) => decideTone(z, rise);
      return scorer;
    });
    // The families step: one model without each family, and for the calibration one without each pair.
    for (const family of ['espeak', 'flite', 'festival']) {
      models.without(family);
      for (const other of ['espeak', 'flite', 'festival'].filter((f) => f !== family)) models.without(other, family);
    }
    expect(models.without('flite', 'espeak')).toBe(models.without('espeak', 'flite'));
    expect(models.fitted).toBe(6);
    expect(asked).toHaveLength(6);
  });

  it('counts the files streamed again through its models', () => {
    const models = new RotationModels(() => decideTone);
    expect(models.streamed([1, 2, 3])).toEqual([1, 2, 3]);
    models.streamed([4]);
    expect(models.filesStreamed).toBe(4);
  });
});
