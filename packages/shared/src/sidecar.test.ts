import { describe, expect, it } from 'vitest';
import { SidecarClassifyRequestSchema, SidecarClassifyResponseSchema } from './sidecar.js';

describe('SidecarClassifyRequestSchema', () => {
  it('accepts the contract example', () => {
    const body = { audio_chunk: 'AAABAP//', timestamp: 2, elcor: false, session_id: 'abc' };
    expect(SidecarClassifyRequestSchema.parse(body)).toEqual(body);
  });

  it('rejects audio that is not base64', () => {
    expect(SidecarClassifyRequestSchema.safeParse({ audio_chunk: 'not base64!', timestamp: 0, elcor: false, session_id: 's' }).success).toBe(false);
  });
});

describe('SidecarClassifyResponseSchema', () => {
  it('accepts every event type, with optional fields', () => {
    const events = [
      { event_type: 'tone', label: 'Tense', confidence: 0.8, speaker_id: 'speaker_b', shift_magnitude: 0.3, timestamp: 4 },
      { event_type: 'speaker', label: 'human_single', confidence: 0.9, timestamp: 4 },
      { event_type: 'transcript', label: 'a sentence longer than sixty-four characters is fine for a transcript line', confidence: 0.7, timestamp: 4 },
      { event_type: 'queue', label: 'hold_music', confidence: 0.6, timestamp: 4 },
      { event_type: 'environ', label: 'music', confidence: 0.6, timestamp: 4 },
    ];
    expect(SidecarClassifyResponseSchema.parse({ events, model: 'x' })).toEqual({ events });
  });

  it('rejects unknown event types, bad confidences, long labels and a missing events array', () => {
    const tone = { event_type: 'tone', label: 'Calm', confidence: 0.5, timestamp: 0 };
    for (const body of [
      { events: [{ ...tone, event_type: 'mood' }] },
      { events: [{ ...tone, confidence: 2 }] },
      { events: [{ ...tone, label: 'x'.repeat(65) }] },
      { events: [{ ...tone, timestamp: -1 }] },
      { result: [] },
    ]) {
      expect(SidecarClassifyResponseSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});
