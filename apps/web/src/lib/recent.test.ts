import { describe, expect, it } from 'vitest';
import { recentRuns } from './recent';

/** Events from a string of label initials, oldest first: "CCS" is Calm, Calm, Subdued at 0, 1 and 2 s. */
function events(initials: string, speaker_id = 'speaker_a'): { label: string; timestamp: number; speaker_id: string }[] {
  const names: Record<string, string> = { C: 'Calm', S: 'Subdued', T: 'Tense' };
  return [...initials].map((initial, timestamp) => ({ label: names[initial]!, timestamp, speaker_id }));
}

describe('recentRuns', () => {
  it('merges repeats into runs, newest first, each with the time of its newest window', () => {
    expect(recentRuns(events('CCSTT'))).toEqual([
      { label: 'Tense', speakerId: 'speaker_a', count: 2, lastTimestamp: 4 },
      { label: 'Subdued', speakerId: 'speaker_a', count: 1, lastTimestamp: 2 },
      { label: 'Calm', speakerId: 'speaker_a', count: 2, lastTimestamp: 1 },
    ]);
  });

  it('keeps the newest maxRuns runs whole, so a shown run never counts down as its first windows age', () => {
    expect(recentRuns(events('SSSSSSSSCTCT'), 4).map((run) => `${run.label[0]}${run.count}`)).toEqual(['T1', 'C1', 'T1', 'C1']);
    // As windows arrive, the oldest run shown is whole until it goes: never "Subdued ×8", then ×7, ×6...
    const seen = events('SSSSSSSSCTCTC').map((_, i, all) => recentRuns(all.slice(0, i + 1), 4).at(-1)!);
    expect(seen.filter((run) => run.label === 'Subdued').map((run) => run.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8]);
  });

  it("never merges two voices' labels into one run", () => {
    const calls = [...events('CC'), ...events('C', 'speaker_b').map((event) => ({ ...event, timestamp: 2 }))];
    expect(recentRuns(calls).map((run) => `${run.speakerId} ${run.label} ×${run.count}`)).toEqual(['speaker_b Calm ×1', 'speaker_a Calm ×2']);
  });
});
