import { describe, expect, it } from 'vitest';
import {
  LinnetEventSchema,
  QueueEventSchema,
  ReplayGapSchema,
  SessionEndedSchema,
  SSE_EVENT_NAMES,
  ToneEventSchema,
} from './events.js';

const tone = {
  event_type: 'tone',
  label: 'Tense',
  confidence: 0.82,
  speaker_id: 'speaker_a',
  shift_magnitude: 0.4,
  timestamp: 12.5,
  session_id: 'abc',
  subtext: 'Louder and faster than a minute ago — may be stressed or in a hurry.',
  affect: 'urgent',
  shift_direction: 'escalating',
  prosody_flags: ['loud', 'fast'],
};

describe('ToneEventSchema', () => {
  it('accepts the contract example', () => {
    expect(ToneEventSchema.parse(tone)).toEqual(tone);
  });

  it('rejects a confidence above 1', () => {
    expect(ToneEventSchema.safeParse({ ...tone, confidence: 1.2 }).success).toBe(false);
  });

  it('rejects an unknown prosody flag', () => {
    expect(ToneEventSchema.safeParse({ ...tone, prosody_flags: ['shouty'] }).success).toBe(false);
  });

  it('rejects a negative timestamp and a missing subtext', () => {
    expect(ToneEventSchema.safeParse({ ...tone, timestamp: -1 }).success).toBe(false);
    const { subtext: _drop, ...withoutSubtext } = tone;
    expect(ToneEventSchema.safeParse(withoutSubtext).success).toBe(false);
  });
});

describe('LinnetEventSchema', () => {
  it('discriminates each event type', () => {
    const events = [
      tone,
      { event_type: 'speaker', session_id: 's', label: 'human_single', confidence: 0.9, timestamp: 1 },
      { event_type: 'transcript', session_id: 's', text: 'hello', speaker_id: 'speaker_a', timestamp: 1 },
      { event_type: 'queue', session_id: 's', label: 'dtmf_tone', confidence: 0.99, timestamp: 2, digits: '12#' },
      { event_type: 'environ', session_id: 's', label: 'music', confidence: 0.7, timestamp: 3 },
    ];
    expect(events.map((e) => LinnetEventSchema.parse(e).event_type)).toEqual([
      'tone',
      'speaker',
      'transcript',
      'queue',
      'environ',
    ]);
  });

  it('rejects an unknown event_type', () => {
    expect(LinnetEventSchema.safeParse({ ...tone, event_type: 'mood' }).success).toBe(false);
  });

  it('names every SSE event as the existing clients expect', () => {
    expect(SSE_EVENT_NAMES).toEqual({
      tone: 'tone-event',
      speaker: 'speaker-event',
      transcript: 'transcript-event',
      queue: 'queue-event',
      environ: 'environ-event',
    });
  });
});

describe('QueueEventSchema', () => {
  it('rejects digits outside the DTMF keypad', () => {
    const q = { event_type: 'queue', session_id: 's', label: 'dtmf_tone', confidence: 1, timestamp: 0 };
    expect(QueueEventSchema.safeParse({ ...q, digits: '12x' }).success).toBe(false);
  });
});

describe('stream control events', () => {
  it('accept session-ended reasons and reject others', () => {
    expect(SessionEndedSchema.parse({ session_id: 's', reason: 'reaped' }).reason).toBe('reaped');
    expect(SessionEndedSchema.safeParse({ session_id: 's', reason: 'bored' }).success).toBe(false);
  });

  it('accept a replay gap with integer ids', () => {
    expect(ReplayGapSchema.parse({ last_event_id: 3, first_available_id: 40 })).toEqual({
      last_event_id: 3,
      first_available_id: 40,
    });
    expect(ReplayGapSchema.safeParse({ last_event_id: 'x', first_available_id: 4 }).success).toBe(false);
  });
});
