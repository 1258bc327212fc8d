import { queueEvent, speakerEvent, toneEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { parseStreamEvent } from './stream-events';

describe('parseStreamEvent', () => {
  it('returns each event sent under its own SSE name', () => {
    expect(parseStreamEvent('tone-event', JSON.stringify(toneEvent()))).toEqual(toneEvent());
    expect(parseStreamEvent('speaker-event', JSON.stringify(speakerEvent()))).toEqual(speakerEvent());
    expect(parseStreamEvent('queue-event', JSON.stringify(queueEvent({ label: 'dtmf_tone', digits: '12#' })))).toEqual(
      queueEvent({ label: 'dtmf_tone', digits: '12#' }),
    );
  });

  it('refuses text that is not JSON, breaks the contract or comes under another name', () => {
    const malformed = [
      ['tone-event', '{not json'],
      ['tone-event', JSON.stringify(toneEvent({ confidence: 1.7 }))],
      ['tone-event', JSON.stringify({ ...toneEvent(), prosody_flags: ['shouty'] })],
      ['tone-event', JSON.stringify({ ...toneEvent(), event_type: 'mood' })],
      ['speaker-event', JSON.stringify(toneEvent())],
      ['queue-event', JSON.stringify(queueEvent({ label: 'dtmf_tone', digits: '12x' }))],
    ] as const;
    expect(malformed.map(([name, data]) => parseStreamEvent(name, data))).toEqual(malformed.map(() => null));
  });
});
