// Contract-valid events for tests, one builder per event type: `toneEvent({ confidence: 0.2 })`. Imported as
// `@linnet/shared/testing`, a separate entry, so no fixture can reach the app bundle through `@linnet/shared`.
import type { EnvironEvent, QueueEvent, ServiceEvent, SpeakerEvent, ToneEvent, TranscriptEvent } from '../events.js';

/** Session id the fixtures carry: 22 characters of base64url, the shape the API hands out. */
export const SESSION_ID = 'Zk3_-aQ9vX0pLmN2bC4dEw';

/** A tone event (the contract's example) with overrides. */
export function toneEvent(overrides: Partial<ToneEvent> = {}): ToneEvent {
  return {
    event_type: 'tone',
    session_id: SESSION_ID,
    label: 'Tense',
    confidence: 0.82,
    speaker_id: 'speaker_a',
    shift_magnitude: 0.4,
    shift_direction: 'escalating',
    timestamp: 12.5,
    subtext: 'Louder and faster than a minute ago — may be stressed or in a hurry.',
    affect: 'urgent',
    prosody_flags: ['loud', 'fast'],
    ...overrides,
  };
}

/** A speaker event (someone started talking) with overrides. */
export function speakerEvent(overrides: Partial<SpeakerEvent> = {}): SpeakerEvent {
  return { event_type: 'speaker', session_id: SESSION_ID, label: 'human_single', confidence: 0.9, timestamp: 4, ...overrides };
}

/** A queue (call-state) event, ringback by default, with overrides; `digits` belongs with `dtmf_tone`. */
export function queueEvent(overrides: Partial<QueueEvent> = {}): QueueEvent {
  return { event_type: 'queue', session_id: SESSION_ID, label: 'ringback', confidence: 0.95, timestamp: 3, ...overrides };
}

/** An environ (surroundings) event, music by default, with overrides. */
export function environEvent(overrides: Partial<EnvironEvent> = {}): EnvironEvent {
  return { event_type: 'environ', session_id: SESSION_ID, label: 'music', confidence: 0.8, timestamp: 9, ...overrides };
}

/** A transcript event with overrides. */
export function transcriptEvent(overrides: Partial<TranscriptEvent> = {}): TranscriptEvent {
  return { event_type: 'transcript', session_id: SESSION_ID, text: 'hello', speaker_id: 'speaker_a', timestamp: 1, ...overrides };
}

/** A service event (captions unavailable because the server is busy) with overrides. */
export function serviceEvent(overrides: Partial<ServiceEvent> = {}): ServiceEvent {
  return {
    event_type: 'service',
    session_id: SESSION_ID,
    status: 'unavailable',
    detail: 'Captions unavailable: the server is busy',
    code: 'captions_busy',
    timestamp: 0,
    ...overrides,
  };
}
