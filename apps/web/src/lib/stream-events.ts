import { LinnetEventSchema, SSE_EVENT_NAMES, type LinnetEvent } from '@linnet/shared';

/**
 * Parses one SSE message (`event:` name and `data:` text) with the shared contract; null when the data is not JSON,
 * breaks the contract, or arrives under another event's name.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function parseStreamEvent(eventName: string, data: string): LinnetEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = LinnetEventSchema.safeParse(json);
  if (!parsed.success || SSE_EVENT_NAMES[parsed.data.event_type] !== eventName) return null;
  return parsed.data;
}
