import { describe, expect, it } from 'vitest';
import {
  LinnetEventSchema,
  QueueEventSchema,
  ReplayGapSchema,
  SessionEndedSchema,
  SSE_EVENT_NAMES,
  ToneEventSchema,
} from './events.js';
import { environEvent, queueEvent, speakerEvent, toneEvent, transcriptEvent } from './testing/fixtures.js';

const tone = toneEvent();

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
    const events = [tone, speakerEvent(), transcriptEvent(), queueEvent({ label: 'dtmf_tone', digits: '12#' }), environEvent()];
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
    expect(QueueEventSchema.safeParse(queueEvent({ label: 'dtmf_tone', digits: '12x' })).success).toBe(false);
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
