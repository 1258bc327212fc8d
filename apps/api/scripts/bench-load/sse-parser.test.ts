import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse-parser.js';

describe('createSseParser', () => {
  it('yields each message once it is complete, across chunk boundaries, and skips heartbeats', () => {
    const seen: Array<[string, string]> = [];
    const feed = createSseParser((event, data) => seen.push([event, data]));
    feed(': heartbeat\n\nevent: tone-event\nid: 1\nda');
    expect(seen).toEqual([]);
    feed('ta: {"timestamp":3}\n\nevent: speaker-event\ndata: {"a":1}\n\n');
    expect(seen).toEqual([
      ['tone-event', '{"timestamp":3}'],
      ['speaker-event', '{"a":1}'],
    ]);
  });
});
