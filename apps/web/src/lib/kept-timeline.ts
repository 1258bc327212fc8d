import { TONE_LABELS, type KeptEvent } from '@linnet/shared';

/** One stretch of a lane, in session seconds. */
export interface TimelineSegment {
  label: string;
  start: number;
  end: number;
}

/** A kept conversation drawn over time: one lane per tone label heard, and the call states, each as merged stretches. */
export interface Timeline {
  /** Seconds the chart spans (at least 1, so an empty conversation still draws). */
  span: number;
  tones: { label: string; segments: TimelineSegment[] }[];
  calls: TimelineSegment[];
}

/** Windows of the same label closer than this share of a window are drawn as one stretch. */
const MERGE_GAP_SHARE = 0.5;

/**
 * Turns kept events into chart lanes: each tone or queue event covers its analysis window (`windowMs`), and
 * consecutive windows of one label merge, so a steady minute is one bar rather than sixty slivers.
 */
export function buildTimeline(events: readonly KeptEvent[], windowMs: number, durationS: number): Timeline {
  const windowS = windowMs / 1000;
  const byTone = new Map<string, TimelineSegment[]>();
  const calls: TimelineSegment[] = [];
  let last = 0;
  for (const { event } of events) {
    if (event.event_type === 'tone') {
      const lane = byTone.get(event.label) ?? [];
      byTone.set(event.label, lane);
      extend(lane, event.label, event.timestamp, windowS);
    } else if (event.event_type === 'queue' && event.label !== 'dtmf_tone') {
      extend(calls, event.label, event.timestamp, windowS);
    } else continue;
    last = Math.max(last, event.timestamp + windowS);
  }
  // Lanes in the vocabulary's order, so the same tone sits in the same row in every conversation.
  const order = (label: string) => {
    const index = (TONE_LABELS as readonly string[]).indexOf(label);
    return index === -1 ? TONE_LABELS.length : index;
  };
  const tones = [...byTone].sort(([a], [b]) => order(a) - order(b)).map(([label, segments]) => ({ label, segments }));
  return { span: Math.max(1, durationS, last), tones, calls };
}

function extend(lane: TimelineSegment[], label: string, start: number, windowS: number): void {
  const previous = lane.at(-1);
  if (previous && previous.label === label && start - previous.end <= windowS * MERGE_GAP_SHARE) {
    previous.end = Math.max(previous.end, start + windowS);
    return;
  }
  lane.push({ label, start, end: start + windowS });
}
