import type { EngineEvent, ToneAnnotator } from '@linnet/engine';
import type { SidecarEvent } from '@linnet/shared';

/**
 * Turn a classifier's event into an engine event: tone events are worded by the same annotator
 * as local ones (subtext, affect, shift direction); transcripts carry their text in `label`.
 */
export function toEngineEvent(event: SidecarEvent, annotator: ToneAnnotator): EngineEvent {
  const { label, confidence, timestamp } = event;
  switch (event.event_type) {
    case 'tone':
      return annotator.annotate(
        { label, confidence, shift_magnitude: event.shift_magnitude, speaker_id: event.speaker_id },
        timestamp,
      );
    case 'transcript':
      return { event_type: 'transcript', text: label, speaker_id: event.speaker_id ?? 'speaker_a', timestamp };
    case 'speaker':
    case 'queue':
    case 'environ':
      return { event_type: event.event_type, label, confidence, timestamp };
  }
}
