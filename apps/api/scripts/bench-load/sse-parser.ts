/**
 * Incremental `text/event-stream` parsing for many concurrent subscribers: only the `event:` and
 * `data:` fields the bench reads, comments (heartbeats) skipped.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export type SseHandler = (event: string, data: string) => void;

/** Returns a function to feed decoded chunks; `onEvent` runs once per complete message. */
export function createSseParser(onEvent: SseHandler): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line[5] === ' ' ? 6 : 5);
      }
      if (data) onEvent(event, data);
    }
  };
}
