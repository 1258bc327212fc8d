import { EnvironEventSchema, QueueEventSchema } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import { createCallStateDetector, type CallStateEvent } from './index.js';
import { join, RATE, render, type Span, vowels } from './test-signals.js';

const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = '123A456B789C*0#D';

/** Stream audio through a fresh detector in 1000 ms windows, as the pipeline does. */
function detect(audio: Float32Array, windowS = 1): { events: CallStateEvent[]; nonSpeech: boolean[] } {
  const detector = createCallStateDetector({ sampleRate: RATE });
  const size = Math.round(windowS * RATE);
  const events: CallStateEvent[] = [];
  const nonSpeech: boolean[] = [];
  for (let at = 0; at < audio.length; at += size) {
    const output = detector.process(audio.subarray(at, at + size), at / RATE);
    events.push(...output.events);
    nonSpeech.push(output.nonSpeech);
  }
  return { events, nonSpeech };
}

function digitsOf(events: CallStateEvent[]): string {
  return events.map((event) => ('digits' in event ? (event.digits ?? '') : '')).join('');
}

function labels(events: CallStateEvent[]): string[] {
  return events.filter((event) => event.event_type === 'queue' && event.label !== 'dtmf_tone').map((event) => event.label);
}

function keypad(digits: string, toneS: number, pauseS: number, options: { offset?: number; twistDb?: number; amp?: number } = {}): Span[] {
  const { offset = 0, twistDb = 0, amp = 0.2 } = options;
  return [
    { seconds: 0.2 },
    ...[...digits].flatMap((d): Span[] => {
      const k = KEYS.indexOf(d);
      return [
        { seconds: toneS, tones: [[ROWS[k >> 2]! * (1 + offset), amp], [COLS[k & 3]! * (1 + offset), amp * 10 ** (-twistDb / 20)]] },
        { seconds: pauseS },
      ];
    }),
    { seconds: 0.3 },
  ];
}

function cadence(pattern: number[], cycles: number, tones: number[]): Span[] {
  return Array.from({ length: cycles }).flatMap(() =>
    pattern.map((seconds, i): Span => (i % 2 === 0 ? { seconds, tones: tones.map((hz): [number, number] => [hz, 0.15]) } : { seconds })),
  );
}

describe('createCallStateDetector: DTMF', () => {
  it('decodes every key of the keypad', () => {
    expect(digitsOf(detect(render(keypad(KEYS, 0.06, 0.06))).events)).toBe(KEYS);
  });

  it('accepts tones 1.5 % off frequency and rejects tones 3.5 % off', () => {
    expect(digitsOf(detect(render(keypad('159#', 0.08, 0.08, { offset: 0.015 }))).events)).toBe('159#');
    expect(digitsOf(detect(render(keypad('159#', 0.08, 0.08, { offset: -0.015 }))).events)).toBe('159#');
    expect(digitsOf(detect(render(keypad('159#', 0.08, 0.08, { offset: 0.035 }))).events)).toBe('');
    expect(digitsOf(detect(render(keypad('159#', 0.08, 0.08, { offset: -0.035 }))).events)).toBe('');
  });

  it('rejects 30 ms tones and accepts 40 ms tones', () => {
    expect(digitsOf(detect(render(keypad('2468', 0.03, 0.06))).events)).toBe('');
    expect(digitsOf(detect(render(keypad('2468', 0.04, 0.05))).events)).toBe('2468');
  });

  it('applies the twist limits: 8 dB normal and 4 dB reverse pass, 11 dB and 7 dB fail', () => {
    expect(digitsOf(detect(render(keypad('37', 0.08, 0.08, { twistDb: 7 }))).events)).toBe('37');
    expect(digitsOf(detect(render(keypad('37', 0.08, 0.08, { twistDb: -3.5 }))).events)).toBe('37');
    expect(digitsOf(detect(render(keypad('37', 0.08, 0.08, { twistDb: 11 }))).events)).toBe('');
    expect(digitsOf(detect(render(keypad('37', 0.08, 0.08, { twistDb: -7 }))).events)).toBe('');
  });

  it('counts a repeated key twice only with a pause of at least 40 ms between', () => {
    expect(digitsOf(detect(render(keypad('55', 0.08, 0.045))).events)).toBe('55');
    expect(digitsOf(detect(render(keypad('55', 0.08, 0.008))).events)).toBe('5');
  });

  it('emits events that satisfy the shared queue and environ schemas once stamped with a session id', () => {
    const { events } = detect(join(render(keypad('12', 0.06, 0.06)), render([{ seconds: 3 }])));
    expect(events.map((e) => e.label)).toEqual(['dtmf_tone', 'silence', 'quiet']);
    for (const event of events) {
      const schema = event.event_type === 'queue' ? QueueEventSchema : EnvironEventSchema;
      expect(schema.safeParse({ ...event, session_id: 's1' }).success).toBe(true);
    }
    expect(events[0]).toEqual({ event_type: 'queue', label: 'dtmf_tone', confidence: 0.95, timestamp: 0.2, digits: '12' });
  });

  it('decodes a string that crosses window borders once, digit by digit', () => {
    // 500 ms windows: the 20 digits span several windows and borders cut through tones.
    const { events } = detect(render(keypad('0123456789', 0.07, 0.07)), 0.5);
    expect(digitsOf(events)).toBe('0123456789');
  });

  it('reports no digits and no call tones on vowel-like harmonic speech with syllabic modulation', () => {
    const speech = join(vowels(4, 110), vowels(4, 232), vowels(4, 349));
    const { events } = detect(speech);
    expect(digitsOf(events)).toBe('');
    expect(labels(events).filter((l) => l !== 'speech' && l !== 'silence')).toEqual([]);
  });
});

describe('createCallStateDetector: ringback and busy', () => {
  const cases: [string, number[], number[], 'ringback' | 'busy'][] = [
    ['North America ringback', [2, 4], [440, 480], 'ringback'],
    ['North America ringback drifted to 1.2/4', [1.2, 4], [440, 480], 'ringback'],
    ['Europe ringback drifted to 1/3', [1, 3], [425], 'ringback'],
    ['UK double ring', [0.4, 0.2, 0.4, 2], [400, 450], 'ringback'],
    ['North America busy', [0.5, 0.5], [480, 620], 'busy'],
    ['Europe busy', [0.55, 0.45], [425], 'busy'],
    ['UK busy', [0.375, 0.375], [400], 'busy'],
  ];
  it.each(cases)('recognises %s after the pattern repeats', (_, pattern, tones, kind) => {
    const { events, nonSpeech } = detect(render(cadence(pattern, 3, tones)));
    expect(labels(events)).toEqual([kind]);
    expect(nonSpeech.some(Boolean)).toBe(true);
  });

  it.each([
    ['North America', 2, [440, 480]],
    ['Europe', 1, [425]],
    ['United Kingdom', 0.4, [400, 450]],
  ])('does not recognise a single %s ringback burst', (_, seconds, tones) => {
    const burst = render([{ seconds: 0.5 }, { seconds, tones: tones.map((hz): [number, number] => [hz, 0.15]) }, { seconds: 1 }]);
    expect(labels(detect(burst).events)).toEqual([]);
  });

  it('reports silence once the longest off period of the plans has passed after ringing stops', () => {
    const { events } = detect(render([...cadence([2, 4], 2, [440, 480]), ...cadence([2], 1, [440, 480]), { seconds: 9 }]));
    const queue = events.filter((e) => e.event_type === 'queue').map((e) => [e.label, e.timestamp]);
    // Last burst ends at 14 s; NA/EU ringback may stay off 5.5 s, so silence comes at about 19.8 s.
    expect(queue.map(([label]) => label)).toEqual(['ringback', 'silence', 'dead_air']);
    expect(queue[1]![1]).toBeGreaterThan(19.5);
    expect(queue[1]![1]).toBeLessThan(20.2);
    expect(queue[2]![1]).toBeCloseTo(22, 1);
  });
});

describe('createCallStateDetector: windowing', () => {
  it('reports the same events at the same audio times whatever the window length', () => {
    const audio = join(render(cadence([1, 4], 3, [425])), vowels(3, 180), render([{ seconds: 3 }]));
    const summary = (windowS: number) => detect(audio, windowS).events.map((e) => `${e.event_type}:${e.label}@${e.timestamp}`);
    const reference = summary(1);
    expect(reference).toEqual(['queue:ringback@5.03', 'queue:speech@15.76', 'environ:speech@15.76', 'queue:silence@19.88', 'environ:quiet@19.88']);
    expect(summary(0.5)).toEqual(reference);
    expect(summary(3)).toEqual(reference);
  });
});

describe('createCallStateDetector: music, silence and background', () => {
  const chord = (seconds: number, notes: number[]): Span => ({ seconds, tones: notes.map((hz): [number, number] => [hz, 0.06]) });
  const music = (): Span[] => [chord(1.2, [261.6, 329.6, 392]), chord(1.2, [349.2, 440, 523.3]), chord(1.2, [392, 493.9, 587.3]), chord(1.2, [261.6, 329.6, 392])];

  it('reports hold music (and environ music) once it has lasted 3 s, then speech when a voice resumes', () => {
    const { events } = detect(join(render(music()), vowels(3, 140)));
    expect(events.map((e) => `${e.event_type}:${e.label}`)).toEqual(['queue:hold_music', 'environ:music', 'queue:speech', 'environ:speech']);
    expect(events[0]!.timestamp).toBeGreaterThanOrEqual(3);
  });

  it('reports silence at 2 s and dead air at 8 s of quiet', () => {
    const { events } = detect(render([{ seconds: 9 }]));
    const queue = events.filter((e) => e.event_type === 'queue');
    expect(queue.map((e) => [e.label, e.timestamp])).toEqual([['silence', 2], ['dead_air', 8]]);
  });

  it('holds silence through a 300 ms burst of voice but reports a voice that lasts (hangover)', () => {
    const quiet = render([{ seconds: 3 }]);
    expect(labels(detect(join(quiet, vowels(0.3, 150, 8), quiet)).events)).toEqual(['silence']);
    expect(labels(detect(join(quiet, vowels(1.5, 150, 8), quiet)).events)).toEqual(['silence', 'speech', 'silence']);
  });

  it('reports a background level change of more than 10 dB that lasts 2 s', () => {
    const quiet = render([{ seconds: 4 }]);
    const loud = render([{ seconds: 4 }]).map((x) => x * 10);
    const { events } = detect(join(quiet, loud));
    const change = events.filter((e) => e.label === 'noise_floor_change');
    expect(change).toHaveLength(1);
    expect(change[0]!.timestamp).toBeGreaterThanOrEqual(6);
  });
});
