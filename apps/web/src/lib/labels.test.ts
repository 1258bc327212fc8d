import { describe, expect, it } from 'vitest';
import { serviceLine } from './event-display';
import { confidenceWords, environBadge, queueBadge, sessionTime, severalVoices, speakerName, trendLine } from './labels';

describe('confidenceWords', () => {
  it('hedges every band: labels are probabilities, never verdicts', () => {
    expect([0.4, 0.59, 0.6, 0.84, 0.85, 1].map(confidenceWords)).toEqual([
      'possibly', 'possibly', 'likely', 'likely', 'very likely', 'very likely',
    ]);
  });
});

describe('trendLine', () => {
  it('words a shift as a comparative trend that cannot be read as a label, and says nothing for steady', () => {
    expect(trendLine('escalating')).toEqual({ arrow: '↑', text: 'Trend: away from their usual voice' });
    expect(trendLine('de-escalating')).toEqual({ arrow: '↓', text: 'Trend: back to their usual voice' });
    expect(trendLine('stable')).toBeNull();
  });
});

describe('queueBadge / environBadge', () => {
  it('spells keypad digits apart and tidies labels it does not know', () => {
    expect(queueBadge('dtmf_tone', '12#')).toEqual({ text: 'Keypad 1 2 #', tone: 'keypad' });
    expect(queueBadge('fax_tone')).toEqual({ text: 'Fax tone', tone: 'other' });
    expect(environBadge('noise_floor_change').text).toBe('Background changed');
  });
});

describe('sessionTime', () => {
  it('writes session seconds as mm:ss, minutes counting on past an hour', () => {
    expect([0, 9.99, 72.6, 3665].map(sessionTime)).toEqual(['00:00', '00:09', '01:12', '61:05']);
  });
});

describe('serviceLine', () => {
  it("uses the server's sentence, and our own for a known code when the sentence is blank", () => {
    expect(serviceLine('Captions unavailable: the server is busy', 'captions_busy')).toBe('Captions unavailable: the server is busy');
    expect(serviceLine(' ', 'captions_off')).toBe('Captions are off on this server.');
    expect(serviceLine(' ')).toBe('Captions are unavailable for now.');
  });
});

describe('severalVoices', () => {
  it('is true only when the labels are of more than one voice', () => {
    const of = (...ids: string[]) => ids.map((speaker_id) => ({ speaker_id }));
    expect([severalVoices(of()), severalVoices(of('speaker_a', 'speaker_a')), severalVoices(of('speaker_a', 'speaker_b', 'speaker_a'))]).toEqual([false, false, true]);
  });
});

describe('speakerName', () => {
  it('turns a speaker id into a name', () => {
    expect([speakerName('speaker_a'), speakerName('speaker_b'), speakerName('caller')]).toEqual(['Speaker A', 'Speaker B', 'Caller']);
  });
});
