import { describe, expect, it } from 'vitest';
import { confidencePercent, confidenceWords, environBadge, queueBadge, shiftMeaning } from './labels';

describe('confidenceWords', () => {
  it('hedges every band: labels are probabilities, never verdicts', () => {
    expect([0.4, 0.59, 0.6, 0.84, 0.85, 1].map(confidenceWords)).toEqual([
      'possibly', 'possibly', 'likely', 'likely', 'very likely', 'very likely',
    ]);
    expect(confidencePercent(0.726)).toBe('73%');
  });
});

describe('shiftMeaning', () => {
  it('gives an arrow and a plain-word meaning per direction', () => {
    expect(shiftMeaning('escalating')).toEqual({ arrow: '↑', text: 'Escalating — more intense than before' });
    expect(shiftMeaning('de-escalating')).toEqual({ arrow: '↓', text: 'Calming — less intense than before' });
    expect(shiftMeaning('stable').arrow).toBe('→');
  });
});

describe('queueBadge / environBadge', () => {
  it('spells keypad digits apart and tidies labels it does not know', () => {
    expect(queueBadge('dtmf_tone', '12#')).toEqual({ text: 'Keypad 1 2 #', tone: 'keypad' });
    expect(queueBadge('fax_tone')).toEqual({ text: 'Fax tone', tone: 'other' });
    expect(environBadge('noise_floor_change').text).toBe('Background changed');
  });
});
