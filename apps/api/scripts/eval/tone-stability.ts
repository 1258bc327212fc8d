/**
 * The label-stability figure of `pnpm eval` and the flite check (docs/tone.md, "Stability"): how
 * often the shown label changes while one voice speaks one style, and how soon a real change of
 * style shows. Only tone events at or above the minimum confidence count: they are what the app
 * shows, and the last one stays on screen until another replaces it.
 */
import { TONE_LABELS } from '@linnet/shared';
import type { EngineEvent } from '@linnet/engine';

type ShownTone = Extract<EngineEvent, { event_type: 'tone' }>;

/** One steady stream scored: changes of the shown label inside its steady part. */
export interface SteadyScore {
  label: string;
  /** Seconds of the steady part (after the lead-in). */
  seconds: number;
  changes: number;
  /** Shown tone events in the steady part, and how many carry the stream's style. */
  shown: number;
  right: number;
}

/** The tone events a user would see, in order: tone events at or above `minConfidence`. */
export function shownTones(events: readonly EngineEvent[], minConfidence: number): ShownTone[] {
  return events.filter((event): event is ShownTone => event.event_type === 'tone' && event.confidence >= minConfidence);
}

/**
 * Score one steady stream: every time the shown label differs from the one shown before it counts
 * as a change. The label on screen when the steady part starts (from the lead-in) is the first
 * "before", but the first change after it, the move into the style, is not counted: it is a real
 * change of tone, not instability.
 */
export function scoreSteady(tones: readonly ShownTone[], label: string, fromS: number, toS: number): SteadyScore {
  const inside = tones.filter((event) => event.timestamp >= fromS - 0.05 && event.timestamp < toS);
  let changes = 0;
  let previous: string | undefined;
  for (const event of inside) {
    if (previous !== undefined && event.label !== previous) changes++;
    previous = event.label;
  }
  return {
    label,
    seconds: toS - fromS,
    changes,
    shown: inside.length,
    right: inside.filter((event) => event.label === label).length,
  };
}

/**
 * Seconds of audio from `fromS` until the first shown event with `label` can be on screen (its
 * window has ended), or undefined if none shows before `toS`.
 */
export function showDelay(tones: readonly ShownTone[], label: string, fromS: number, toS: number, windowS: number): number | undefined {
  const first = tones.find((event) => event.label === label && event.timestamp >= fromS - 0.05 && event.timestamp < toS);
  return first ? first.timestamp + windowS - fromS : undefined;
}

/** Changes per minute of steady speech, per style and overall, as printable lines. */
export function formatStability(results: readonly SteadyScore[]): { lines: string[]; overall: number } {
  const perMinute = (rows: readonly SteadyScore[]) =>
    rows.reduce((sum, row) => sum + row.changes, 0) / Math.max(1e-9, rows.reduce((sum, row) => sum + row.seconds, 0) / 60);
  const lines: string[] = [];
  for (const label of TONE_LABELS) {
    const rows = results.filter((row) => row.label === label);
    if (!rows.length) continue;
    const shown = rows.reduce((sum, row) => sum + row.shown, 0);
    const right = rows.reduce((sum, row) => sum + row.right, 0);
    const minutes = rows.reduce((sum, row) => sum + row.seconds, 0) / 60;
    lines.push(
      `${label.padEnd(15)} ${perMinute(rows).toFixed(1).padStart(5)} changes/min  (${rows.length} streams, ${minutes.toFixed(1)} min; ${right}/${shown} shown labels are the style)`,
    );
  }
  const overall = perMinute(results);
  lines.push(`${'overall'.padEnd(15)} ${overall.toFixed(1).padStart(5)} changes/min`);
  return { lines, overall };
}

/** The median and the largest of some delays, in seconds. */
export function delaySummary(delays: readonly number[]): { median: number; max: number } {
  const sorted = [...delays].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}
