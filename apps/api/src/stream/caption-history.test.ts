import { transcriptEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { CaptionHistory } from './caption-history.js';

describe('CaptionHistory', () => {
  it('keeps the most recent captions up to its capacity, oldest first', () => {
    const history = new CaptionHistory(3);
    for (let i = 0; i < 5; i++) history.add(transcriptEvent({ timestamp: i }));
    expect(history.all().map((event) => event.timestamp)).toEqual([2, 3, 4]);
    history.clear();
    expect(history.all()).toEqual([]);
  });
});
