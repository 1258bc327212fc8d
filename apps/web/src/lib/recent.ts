import type { ToneEvent } from '@linnet/shared';

/** A run of one label in the Recent strip: how many windows in a row said it, and when the last one was. */
export interface RecentRun {
  label: string;
  count: number;
  /** Session seconds of the newest window in the run. */
  lastTimestamp: number;
}

/** Recent tone events (oldest first) as runs of one label, newest run first: "Calm ×3" rather than three chips. */
export function recentRuns(history: readonly Pick<ToneEvent, 'timestamp'>[] & readonly { label: string }[]): RecentRun[] {
  const runs: RecentRun[] = [];
  for (const event of history) {
    const last = runs.at(-1);
    if (last && last.label === event.label) {
      last.count++;
      last.lastTimestamp = event.timestamp;
    } else {
      runs.push({ label: event.label, count: 1, lastTimestamp: event.timestamp });
    }
  }
  return runs.reverse();
}

/**
 * The newest of `history` (oldest first) that the Recent strip keeps: at most `maxRuns` runs, dropped whole from the
 * oldest end, so a run's count never shrinks while it is shown ("Subdued ×8" did count down to ×3 as its windows
 * aged out one at a time); and at most `maxEvents` events, so one very long run cannot grow without bound.
 */
export function keepRecentRuns<E extends { label: string }>(history: readonly E[], maxRuns: number, maxEvents: number): E[] {
  let runs = 0;
  let from = history.length;
  while (from > 0 && history.length - from < maxEvents) {
    if (from === history.length || history[from - 1]!.label !== history[from]!.label) {
      if (runs === maxRuns) break;
      runs++;
    }
    from--;
  }
  return history.slice(from);
}
