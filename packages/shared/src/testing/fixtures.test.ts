import { describe, expect, it } from 'vitest';
import { LinnetEventSchema } from '../events.js';
import { environEvent, queueEvent, serviceEvent, SESSION_ID, speakerEvent, toneEvent, transcriptEvent } from './fixtures.js';

describe('event fixtures', () => {
  it('build contract-valid events of every type on the fixture session', () => {
    const events = [toneEvent(), speakerEvent(), queueEvent(), environEvent(), transcriptEvent(), serviceEvent()];
    expect(events.map((event) => LinnetEventSchema.parse(event))).toEqual(events);
    expect(events.map((event) => [event.event_type, event.session_id])).toEqual([
      ['tone', SESSION_ID],
      ['speaker', SESSION_ID],
      ['queue', SESSION_ID],
      ['environ', SESSION_ID],
      ['transcript', SESSION_ID],
      ['service', SESSION_ID],
    ]);
  });

  it('apply overrides over the defaults', () => {
    expect(queueEvent({ label: 'dtmf_tone', digits: '12#' })).toMatchObject({ label: 'dtmf_tone', digits: '12#', confidence: 0.95 });
    expect(toneEvent({ confidence: 0.2 }).confidence).toBe(0.2);
  });
});
