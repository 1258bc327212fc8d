import { describe, expect, it } from 'vitest';
import { TONE_LABELS, ToneReliabilitySchema } from '@linnet/shared';
import { TONE_RELIABILITY } from './tone-reliability';

describe('TONE_RELIABILITY', () => {
  it('has the format pnpm eval writes (ToneReliabilitySchema), unchanged by the copy', () => {
    expect(ToneReliabilitySchema.parse(TONE_RELIABILITY)).toEqual(TONE_RELIABILITY);
  });

  it('gives a held-out precision for every tone label, once, from the eval that printed it', () => {
    expect(TONE_RELIABILITY.labels.map((row) => row.label)).toEqual([...TONE_LABELS]);
    expect(TONE_RELIABILITY.source).toMatch(/pnpm eval/);
    expect(TONE_RELIABILITY.families.map((row) => row.family)).toEqual(['espeak', 'flite', 'festival']);
  });
});
