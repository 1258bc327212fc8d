import type { LabelOffsets } from '@linnet/engine';
import { NONE_OF_THESE, TONE_LABELS, type ToneLabel } from '@linnet/shared';

/**
 * How the user's corrections move the tone labels (docs/tone.md, "Labels that learn"). The offsets
 * are in window spreads, the unit of the label rules' scores (packages/engine prosody/labels.ts),
 * and are added to a label's score before the shown label is chosen.
 */
export const LEARNING_LIMITS = {
  /**
   * Largest offset either way. A third of a spread: a label the rules fire at a score of 1.3 still
   * shows whatever the learning, and every other label keeps a chance against a clear winner, so
   * no amount of correcting hides a label or forces one onto every window. Also well under the
   * label hysteresis's switch cost (0.8), so learning never decides a flip on its own.
   */
  maxOffset: 0.3,
  /**
   * Offset per unit of net evidence rate: (named as right − rejected) / (ratings + priorRatings).
   * `step`, `priorRatings` and `directionZ` were chosen together by cross-validation inside the rated
   * half of the tone corpus only (`pnpm --filter @linnet/api eval:learning --cv`; never on the scored
   * half): both ways round, in five correction orders, as the setting whose worst macro-F1 gain after
   * 10, 25, 50, 100, 200, 400 and all corrections was best (0.000: no fold, order or n made worse),
   * ties going to the larger mean gain. A user must not be made worse off on the way to the gain.
   * docs/tone.md, "Labels that learn", has the whole grid.
   */
  step: 4,
  /**
   * Ratings a label behaves as if it already had, all neutral: strong shrinkage, so the first few
   * dozen corrections (which labels they touch is chance) barely move anything; with step 4 a label
   * reaches the bound only after about 39 ratings all one way (4 × 39 / (39 + 480) = 0.3), and one
   * the user also confirms or corrects the other way needs many more.
   */
  priorRatings: 480,
  /** Corrections this installation needs before any offset moves: a few ratings are anecdotes. */
  minCorrections: 10,
  /** Ratings naming a label (shown or named as right) before that label's offset moves. */
  minLabelRatings: 5,
  /**
   * How consistent a label's evidence must be before it moves: the Wilson score interval (at this
   * many standard errors) of the share of "named as right" among named-as-right plus rejected must
   * lie wholly above one half (the offset may rise) or wholly below it (it may fall). At 0 a plain
   * majority is enough: the cross-validation found the stronger shrinkage above protected the early
   * corrections, and a gate at 1.64 or 1.96 only gave up gain (docs/tone.md).
   */
  directionZ: 0,
} as const;

/** LEARNING_LIMITS' shape, for the eval's cross-validation of `step`, `priorRatings` and `directionZ`. */
export type LearningLimits = { readonly [K in keyof typeof LEARNING_LIMITS]: number };

/** One rating of a shown tone label: what was shown, and what the user says was right. */
export interface ToneRating {
  shown: string;
  /** The shown label again for a thumbs up; the corrected label (or `none`) for a thumbs down; null for a bare thumbs down. */
  correct: string | null;
  /** How many such ratings (a tally from the database); @default 1 */
  count?: number;
}

/** What the ratings say about one label, and the offset it earns. */
export interface LabelLearning {
  label: ToneLabel;
  /** Shown and confirmed (thumbs up). */
  confirmed: number;
  /** Shown and rejected (thumbs down). */
  rejected: number;
  /** Named as the right label when another was shown. */
  missed: number;
  /** Added to the label's score: positive shows it sooner, negative needs more evidence. */
  offset: number;
}

/** The learnt state: how many tone corrections it rests on, and per-label offsets. */
export interface LearntLabels {
  corrections: number;
  labels: LabelLearning[];
  /** The non-zero offsets, as the engine takes them; undefined when nothing has moved. */
  offsets: LabelOffsets | undefined;
}

/**
 * Whether `up` of `up + down` signed ratings lean one way beyond chance: the Wilson score interval
 * at `z` standard errors excludes one half. @see https://doi.org/10.1080/01621459.1927.10502953
 */
export function consistentDirection(up: number, down: number, z: number): boolean {
  const n = up + down;
  if (n === 0 || up === down) return false;
  const share = up / n;
  const z2n = (z * z) / n;
  const centre = (share + z2n / 2) / (1 + z2n);
  const halfWidth = (z * Math.sqrt((share * (1 - share)) / n + z2n / (4 * n))) / (1 + z2n);
  return centre - halfWidth > 0.5 || centre + halfWidth < 0.5;
}

const isToneLabel = (label: string | null): label is ToneLabel => label !== null && (TONE_LABELS as readonly string[]).includes(label);

/**
 * Per-label offsets from the user's ratings: a label named as the right one when another was shown
 * is shown sooner, one rejected again and again needs more evidence, and confirmations weigh
 * against both (a confirmed label is one the rules already get right). Bounded by LEARNING_LIMITS;
 * nothing moves before `minCorrections`. Ratings of labels outside the vocabulary are ignored.
 */
export function learnLabels(ratings: Iterable<ToneRating>, limits: LearningLimits = LEARNING_LIMITS): LearntLabels {
  const byLabel = new Map<ToneLabel, LabelLearning>(TONE_LABELS.map((label) => [label, { label, confirmed: 0, rejected: 0, missed: 0, offset: 0 }]));
  let corrections = 0;
  for (const { shown, correct, count = 1 } of ratings) {
    if (!isToneLabel(shown)) continue;
    corrections += count;
    const entry = byLabel.get(shown)!;
    if (correct === shown) {
      entry.confirmed += count;
      continue;
    }
    entry.rejected += count;
    if (correct !== NONE_OF_THESE && isToneLabel(correct)) byLabel.get(correct)!.missed += count;
  }
  const { maxOffset, step, priorRatings, minCorrections, minLabelRatings, directionZ } = limits;
  let offsets: LabelOffsets | undefined;
  if (corrections >= minCorrections) {
    for (const entry of byLabel.values()) {
      const ratings = entry.confirmed + entry.rejected + entry.missed;
      if (ratings < minLabelRatings || !consistentDirection(entry.missed, entry.rejected, directionZ)) continue;
      const offset = (step * (entry.missed - entry.rejected)) / (ratings + priorRatings);
      entry.offset = Math.round(Math.max(-maxOffset, Math.min(maxOffset, offset)) * 1000) / 1000;
      if (entry.offset !== 0) (offsets ??= {})[entry.label] = entry.offset;
    }
  }
  return { corrections, labels: [...byLabel.values()], offsets };
}
