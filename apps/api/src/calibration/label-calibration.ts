import type { Rating } from '@linnet/shared';

/**
 * How far the user's ratings may move a label's bar. Every shown tone label must clear
 * MIN_CONFIDENCE plus its shift: a label rejected again and again needs more confidence before it
 * is shown, one confirmed often is shown sooner. The shift is bounded, so no amount of rating can
 * hide a label entirely or show every guess.
 */
export const CALIBRATION_LIMITS = {
  /** Largest shift either way, in confidence units (a label 0.5 → at most 0.62 or at least 0.38). */
  maxShift: 0.12,
  /**
   * Ratings a label behaves as if it already had, at the user's overall approval: a few ratings
   * move its bar a little, a consistent twenty most of the way.
   */
  priorRatings: 6,
  /** Shift per unit of precision below (or above) the user's overall approval rate. */
  shiftPerPrecision: 0.4,
} as const;

/** One rating of a shown label. */
export interface LabelRating {
  label: string;
  rating: Rating;
}

/** Ratings of one label and the shift they earn. */
export interface LabelShift {
  label: string;
  ups: number;
  downs: number;
  /** Added to MIN_CONFIDENCE for this label: positive needs more evidence, negative less. */
  shift: number;
}

/** The per-label confidence shifts a set of ratings earns, bounded by CALIBRATION_LIMITS. */
export function learnShifts(ratings: Iterable<LabelRating>): Map<string, LabelShift> {
  const shifts = new Map<string, LabelShift>();
  for (const { label, rating } of ratings) {
    const entry = shifts.get(label) ?? { label, ups: 0, downs: 0, shift: 0 };
    if (rating === 'up') entry.ups++;
    else entry.downs++;
    shifts.set(label, entry);
  }
  const { maxShift, priorRatings, shiftPerPrecision } = CALIBRATION_LIMITS;
  // Each label is judged against how often this user approves labels at all: one approved less
  // often than the rest is wrong more often than the rest, whatever this user's bar is.
  let ups = 0;
  let total = 0;
  for (const entry of shifts.values()) {
    ups += entry.ups;
    total += entry.ups + entry.downs;
  }
  const approval = total > 0 ? ups / total : 0;
  for (const entry of shifts.values()) {
    const precision = (entry.ups + approval * priorRatings) / (entry.ups + entry.downs + priorRatings);
    const shift = shiftPerPrecision * (approval - precision);
    entry.shift = Math.round(Math.max(-maxShift, Math.min(maxShift, shift)) * 1000) / 1000;
  }
  return shifts;
}

/** The bar a tone label must clear: `minConfidence` plus its learnt shift (0 for unrated labels). */
export function labelThreshold(shifts: Map<string, LabelShift>, label: string, minConfidence: number): number {
  return minConfidence + (shifts.get(label)?.shift ?? 0);
}
