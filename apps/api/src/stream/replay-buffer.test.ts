import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer.js';

function filled(capacity: number, count: number): ReplayBuffer {
  const buffer = new ReplayBuffer(capacity);
  for (let id = 1; id <= count; id++) buffer.push({ id, frame: `e${id}` });
  return buffer;
}

const ids = (buffer: ReplayBuffer, after: number) => buffer.replayFrom(after).events.map((event) => event.id);

describe('ReplayBuffer', () => {
  it('replays every event after the given id, in order', () => {
    const buffer = filled(10, 6);
    expect(ids(buffer, 3)).toEqual([4, 5, 6]);
    expect(buffer.replayFrom(3).gap).toBeNull();
  });

  it('replays nothing after the newest id', () => {
    expect(filled(10, 6).replayFrom(6)).toEqual({ gap: null, events: [] });
  });

  it('keeps only the newest events once full', () => {
    const buffer = filled(4, 10);
    expect(buffer.length).toBe(4);
    expect(buffer.firstId()).toBe(7);
    expect(ids(buffer, 0)).toEqual([7, 8, 9, 10]);
  });

  it('reports a gap when the requested id is older than the buffer holds', () => {
    const buffer = filled(4, 10);
    expect(buffer.replayFrom(2).gap).toEqual({ last_event_id: 2, first_available_id: 7 });
    expect(buffer.replayFrom(5).gap).toEqual({ last_event_id: 5, first_available_id: 7 });
  });

  it('reports no gap when the next id is the oldest retained', () => {
    const buffer = filled(4, 10);
    expect(buffer.replayFrom(6)).toEqual({ gap: null, events: buffer.replayFrom(0).events });
  });

  it('empties on clear', () => {
    const buffer = filled(4, 3);
    buffer.clear();
    expect(buffer.replayFrom(0)).toEqual({ gap: null, events: [] });
    expect(buffer.firstId()).toBeNull();
  });

  it('rejects a capacity below one', () => {
    expect(() => new ReplayBuffer(0)).toThrow(RangeError);
  });
});
