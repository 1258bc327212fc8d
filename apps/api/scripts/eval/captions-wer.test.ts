import { describe, expect, it } from 'vitest';
import { normaliseWords, werPercent, wordErrors } from './captions-wer.js';

describe('normaliseWords', () => {
  it('lowercases, drops punctuation and keeps apostrophes inside words', () => {
    expect(normaliseWords("Can you hear me now? I'm   here, Thursday.")).toEqual(['can', 'you', 'hear', 'me', 'now', "i'm", 'here', 'thursday']);
  });

  it('gives no words for empty or punctuation-only text', () => {
    expect(normaliseWords(' ... ')).toEqual([]);
  });
});

describe('wordErrors', () => {
  it('counts nothing for an exact match', () => {
    expect(wordErrors(['the', 'weather', 'is', 'lovely'], ['the', 'weather', 'is', 'lovely'])).toBe(0);
  });

  it('counts a substitution, a deletion and an insertion once each', () => {
    expect(wordErrors(['call', 'me', 'back', 'tomorrow'], ['fall', 'me', 'back', 'tomorrow'])).toBe(1);
    expect(wordErrors(['call', 'me', 'back', 'tomorrow'], ['call', 'back', 'tomorrow'])).toBe(1);
    expect(wordErrors(['call', 'me', 'back', 'tomorrow'], ['call', 'me', 'me', 'back', 'tomorrow'])).toBe(1);
  });

  it('counts every reference word for an empty hypothesis, and every hypothesis word for an empty reference', () => {
    expect(wordErrors(['one', 'two', 'three'], [])).toBe(3);
    expect(wordErrors([], ['one', 'two'])).toBe(2);
  });
});

describe('werPercent', () => {
  it('rounds to one decimal and is zero for no reference words', () => {
    expect(werPercent(1, 3)).toBe(33.3);
    expect(werPercent(0, 0)).toBe(0);
  });
});
