import type { LinnetEvent, SidecarEvent } from '@linnet/shared';
import type { ToneAnnotator } from '../annotator.js';

/**
 * Turn a classifier's event into a Linnet event: tone events are worded by the same annotator
 * as local ones (subtext, affect, shift direction); transcripts carry their text in `label`.
 */
export function toLinnetEvent(event: SidecarEvent, sessionId: string, annotator: ToneAnnotator): LinnetEvent {
  const { label, confidence, timestamp } = event;
  switch (event.event_type) {
    case 'tone':
      return annotator.annotate(
        { label, confidence, shift_magnitude: event.shift_magnitude, speaker_id: event.speaker_id },
        timestamp,
      );
    case 'transcript':
      return { event_type: 'transcript', session_id: sessionId, text: label, speaker_id: event.speaker_id ?? 'speaker_a', timestamp };
    case 'speaker':
    case 'queue':
    case 'environ':
      return { event_type: event.event_type, session_id: sessionId, label, confidence, timestamp };
  }
}
