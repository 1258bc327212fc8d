import { describe, expect, it } from 'vitest';
import { keepRecentRuns, recentRuns } from './recent';

/** Events from a string of label initials, oldest first: "CCS" is Calm, Calm, Subdued at 0, 1 and 2 s. */
function events(initials: string): { label: string; timestamp: number }[] {
  const names: Record<string, string> = { C: 'Calm', S: 'Subdued', T: 'Tense' };
  return [...initials].map((initial, timestamp) => ({ label: names[initial]!, timestamp }));
}
const initials = (kept: readonly { label: string }[]) => kept.map((event) => event.label[0]).join('');

describe('keepRecentRuns', () => {
  it('drops the oldest runs whole, so a shown run keeps its whole count', () => {
    expect(initials(keepRecentRuns(events('SSSSSSSSCTCT'), 4, 100))).toBe('CTCT');
    expect(initials(keepRecentRuns(events('SSSSSSSSCTC'), 4, 100))).toBe('SSSSSSSSCTC');
    // As windows arrive, the oldest run is shown whole until it goes: never "Subdued ×8", then ×7, ×6...
    const counts: number[] = [];
    let history: { label: string; timestamp: number }[] = [];
    for (const event of events('SSSSSSSSCTCTC')) {
      history = keepRecentRuns([...history, event], 4, 100);
      const oldest = recentRuns(history).at(-1)!;
      if (oldest.label === 'Subdued') counts.push(oldest.count);
    }
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8]);
  });

  it('keeps at most maxEvents events, even of one long run', () => {
    expect(keepRecentRuns(events('CCCCCCCCCC'), 4, 6).map((event) => event.timestamp)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(keepRecentRuns([], 4, 6)).toEqual([]);
  });
});
