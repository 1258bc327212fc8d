import type { KeptEvent, TranscriptEvent } from '@linnet/shared';

/** A kept caption as the open conversation lists it, with the stream id a correction refers to. */
export interface KeptCaption {
  id: number;
  event: TranscriptEvent;
}

/** The captions of a kept conversation, in the order they were said. */
export function keptCaptions(events: readonly KeptEvent[]): KeptCaption[] {
  const captions: KeptCaption[] = [];
  for (const { id, event } of events) if (event.event_type === 'transcript') captions.push({ id, event });
  return captions.sort((a, b) => (a.event.start ?? a.event.timestamp) - (b.event.start ?? b.event.timestamp));
}

/** When a conversation started, as a person reads it on their phone: "Tue 1 Dec, 14:05" in their own locale. */
export function keptDate(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
