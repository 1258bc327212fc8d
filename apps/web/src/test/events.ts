import type { QueueEvent, SpeakerEvent, ToneEvent } from '@linnet/shared';

/** Session id used by the component and store tests. */
export const SID = 'Zk3_-aQ9vX0pLmN2bC4dEw';

/** A contract-valid tone event with overrides. */
export function toneEvent(overrides: Partial<ToneEvent> = {}): ToneEvent {
  return {
    event_type: 'tone', session_id: SID, label: 'Tense', confidence: 0.82, speaker_id: 'speaker_a', shift_magnitude: 0.4,
    shift_direction: 'escalating', timestamp: 12.5, subtext: 'Louder and faster than a minute ago — may be stressed or in a hurry.',
    affect: 'urgent', prosody_flags: ['loud', 'fast'], ...overrides,
  };
}

/** A queue (call-state) event. */
export function queueEvent(label: string, extra: Partial<QueueEvent> = {}): QueueEvent {
  return { event_type: 'queue', session_id: SID, label, confidence: 0.95, timestamp: 3, ...extra };
}

/** A speaker event. */
export function speakerEvent(label: string): SpeakerEvent {
  return { event_type: 'speaker', session_id: SID, label, confidence: 0.9, timestamp: 4 };
}
