import { describe, expect, it } from 'vitest';
import {
  LinnetEventSchema,
  QueueEventSchema,
  ReplayGapSchema,
  SessionEndedSchema,
  SSE_EVENT_NAMES,
  ToneEventSchema,
} from './events.js';
import { environEvent, queueEvent, serviceEvent, speakerEvent, toneEvent, transcriptEvent } from './testing/fixtures.js';

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
    const events = [tone, speakerEvent(), transcriptEvent(), queueEvent({ label: 'dtmf_tone', digits: '12#' }), environEvent(), serviceEvent()];
    expect(events.map((e) => LinnetEventSchema.parse(e).event_type)).toEqual([
      'tone',
      'speaker',
      'transcript',
      'queue',
      'environ',
      'service',
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
      service: 'service-event',
    });
  });
});

describe('TranscriptEventSchema', () => {
  it('accepts the original client shape and a caption with its span, plain text and tone', () => {
    expect(LinnetEventSchema.safeParse(transcriptEvent()).success).toBe(true);
    const caption = transcriptEvent({
      text: '[Tense] Fine, go on.',
      plain_text: 'Fine, go on.',
      start: 3.2,
      end: 4.1,
      timestamp: 3.2,
      tone: { label: 'Tense', confidence: 0.8, subtext: '[Tense — louder than a minute ago]' },
      confidence: 0.7,
    });
    expect(LinnetEventSchema.parse(caption)).toEqual(caption);
  });

  it('rejects a caption tone without its label or with a confidence above 1', () => {
    expect(LinnetEventSchema.safeParse(transcriptEvent({ tone: { label: '', confidence: 0.5, subtext: '' } })).success).toBe(false);
    expect(LinnetEventSchema.safeParse(transcriptEvent({ tone: { label: 'Calm', confidence: 1.5, subtext: '' } })).success).toBe(false);
  });
});

describe('ServiceEventSchema', () => {
  it('rejects an unknown status and an empty detail', () => {
    expect(LinnetEventSchema.safeParse(serviceEvent({ status: 'sleeping' as never })).success).toBe(false);
    expect(LinnetEventSchema.safeParse(serviceEvent({ detail: '' })).success).toBe(false);
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
    expect(SessionEndedSchema.parse({ session_id: 's', reason: 'lifetime' }).reason).toBe('lifetime');
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
