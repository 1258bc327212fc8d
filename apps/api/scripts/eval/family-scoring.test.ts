import { describe, expect, it } from 'vitest';
import type { FamilyEntry } from '../corpus/family-manifest.js';
import { windowCorrect } from './family-scoring.js';

const entry = (label: FamilyEntry['label'], question: boolean): FamilyEntry => ({
  file: 'f.wav',
  family: 'flite',
  voice: 'slt',
  label,
  way: 'w',
  set: 'tuning',
  condition: 'clean',
  segmentStartS: 10,
  segmentEndS: 16,
  phrases: [
    { startS: 10, endS: 13, question },
    { startS: 13.3, endS: 16, question },
  ],
});

describe('windowCorrect', () => {
  it("takes a style file's own label as right and any other as wrong", () => {
    const tense = entry('Tense', false);
    expect(windowCorrect(tense, { label: 'Tense', startS: 11 })).toBe(true);
    expect(windowCorrect(tense, { label: 'Calm', startS: 11 })).toBe(false);
  });

  it('takes Questioning as right only on a window that holds a question end', () => {
    const asked = entry('Questioning', true);
    expect(windowCorrect(asked, { label: 'Questioning', startS: 12 })).toBe(true);
    expect(windowCorrect(asked, { label: 'Questioning', startS: 10 })).toBe(false);
    // A statement's end is never a right Questioning, whatever the file.
    expect(windowCorrect(entry('Calm', false), { label: 'Questioning', startS: 12 })).toBe(false);
  });

  it("takes Calm as right in a question file away from a question's end, and a miss at one", () => {
    const asked = entry('Questioning', true);
    expect(windowCorrect(asked, { label: 'Calm', startS: 10 })).toBe(true);
    expect(windowCorrect(asked, { label: 'Calm', startS: 12 })).toBe(false);
    // The voice asks as usual: another style there is wrong.
    expect(windowCorrect(asked, { label: 'Matter-of-fact', startS: 10 })).toBe(false);
  });
});
