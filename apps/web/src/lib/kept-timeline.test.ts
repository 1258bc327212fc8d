import { queueEvent, toneEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from './kept-timeline';

describe('buildTimeline', () => {
  it('merges consecutive windows of one label into one stretch and keeps tone lanes in vocabulary order', () => {
    const events = [
      toneEvent({ label: 'Tense', timestamp: 0 }),
      toneEvent({ label: 'Tense', timestamp: 1 }),
      toneEvent({ label: 'Calm', timestamp: 2 }),
      toneEvent({ label: 'Tense', timestamp: 5 }),
    ].map((event, index) => ({ id: index + 1, event }));
    expect(buildTimeline(events, 1000, 6)).toEqual({
      span: 6,
      tones: [
        { label: 'Calm', segments: [{ label: 'Calm', start: 2, end: 3 }] },
        {
          label: 'Tense',
          segments: [
            { label: 'Tense', start: 0, end: 2 },
            { label: 'Tense', start: 5, end: 6 },
          ],
        },
      ],
      calls: [],
    });
  });

  it('draws call states in their own lane and leaves keypad digits out', () => {
    const events = [
      queueEvent({ label: 'ringback', timestamp: 0 }),
      queueEvent({ label: 'ringback', timestamp: 2 }),
      queueEvent({ label: 'dtmf_tone', digits: '1', timestamp: 3 }),
      queueEvent({ label: 'hold_music', timestamp: 4 }),
    ].map((event, index) => ({ id: index + 1, event }));
    const timeline = buildTimeline(events, 2000, 0);
    expect(timeline.calls).toEqual([
      { label: 'ringback', start: 0, end: 4 },
      { label: 'hold_music', start: 4, end: 6 },
    ]);
    // The span reaches the end of the last window even when the stored duration is shorter.
    expect(timeline.span).toBe(6);
  });
});
