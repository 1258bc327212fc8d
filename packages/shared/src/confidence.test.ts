import { describe, expect, it } from 'vitest';
import { confidenceWords } from './confidence.js';

describe('confidenceWords', () => {
  it('hedges every confidence, with the thresholds at their lower bounds', () => {
    expect([0, 0.59, 0.6, 0.84, 0.85, 1].map(confidenceWords)).toEqual(['possibly', 'possibly', 'likely', 'likely', 'very likely', 'very likely']);
  });
});
