import { describe, expect, it } from 'vitest';
import { eventWindowIndex, windowEndFrame } from './window-end.js';

describe('eventWindowIndex', () => {
  it('maps a tone event to the window starting at its timestamp', () => {
    expect(eventWindowIndex({ event_type: 'tone', timestamp: 0 }, 1)).toBe(0);
    expect(eventWindowIndex({ event_type: 'tone', timestamp: 7 }, 1)).toBe(7);
    expect(eventWindowIndex({ event_type: 'tone', timestamp: 3 }, 1.5)).toBe(2);
  });

  it('maps a speaker onset to the window containing it', () => {
    expect(eventWindowIndex({ event_type: 'speaker', label: 'human_single', timestamp: 4.37 }, 1)).toBe(4);
    expect(eventWindowIndex({ event_type: 'speaker', label: 'human_single', timestamp: 5 }, 1)).toBe(5);
  });

  it('maps no_speaker to the first window ending a hangover after the last voiced instant', () => {
    // Last voice at 2.35 s: window [2,3) ends 0.65 s later, window [3,4) 1.65 s later.
    expect(eventWindowIndex({ event_type: 'speaker', label: 'no_speaker', timestamp: 2.35 }, 1, 1)).toBe(3);
    // Voice up to exactly 2 s: window [2,3) ends exactly the hangover later and emits.
    expect(eventWindowIndex({ event_type: 'speaker', label: 'no_speaker', timestamp: 2 }, 1, 1)).toBe(2);
    // A 3 s window holds the whole hangover: the window containing the instant emits.
    expect(eventWindowIndex({ event_type: 'speaker', label: 'no_speaker', timestamp: 0.5 }, 3, 1)).toBe(0);
  });

  it('leaves call-state events unmapped', () => {
    expect(eventWindowIndex({ event_type: 'queue', label: 'speech', timestamp: 1 }, 1)).toBeNull();
    expect(eventWindowIndex({ event_type: 'environ', label: 'quiet', timestamp: 1 }, 1)).toBeNull();
  });
});

describe('windowEndFrame', () => {
  it('is the tenth 100 ms frame of each 1000 ms window', () => {
    expect(windowEndFrame(0, 1000, 100)).toBe(9);
    expect(windowEndFrame(4, 1000, 100)).toBe(49);
  });

  it('is the frame holding the window end when windows are not whole frames', () => {
    // 1250 ms windows: window 0 ends inside frame 12 (1200..1300 ms).
    expect(windowEndFrame(0, 1250, 100)).toBe(12);
    expect(windowEndFrame(1, 1250, 100)).toBe(24);
  });
});
