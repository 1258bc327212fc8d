/** A run of one label in the Recent strip: how many windows in a row said it, and when the last one was. */
export interface RecentRun {
  label: string;
  /** The voice that said it (runs of two voices are never merged). */
  speakerId: string;
  count: number;
  /** Session seconds of the newest window in the run. */
  lastTimestamp: number;
}

/**
 * Recent tone events (oldest first) as runs of one label, newest run first: "Calm ×3" rather than three chips. At most
 * `maxRuns` runs, the older ones dropped whole, so a shown run's count never shrinks as its first windows age ("Subdued
 * ×8" counted down to ×3 when the strip kept a fixed number of windows instead).
 */
export function recentRuns(history: readonly { label: string; timestamp: number; speaker_id: string }[], maxRuns = Infinity): RecentRun[] {
  const runs: RecentRun[] = [];
  for (const event of history) {
    const last = runs.at(-1);
    if (last && last.label === event.label && last.speakerId === event.speaker_id) {
      last.count++;
      last.lastTimestamp = event.timestamp;
    } else {
      runs.push({ label: event.label, speakerId: event.speaker_id, count: 1, lastTimestamp: event.timestamp });
    }
  }
  return runs.reverse().slice(0, maxRuns);
}
