import { TONE_LABELS, type ToneLabel } from '@linnet/shared';
import { CALM_BELOW, type ToneDecision } from './labels.js';

/**
 * Per-label score offsets, in window spreads (the unit of the label rules), added to each label's
 * score before the winner is chosen: a positive offset shows a label sooner, a negative one needs
 * more evidence. Calm's offset raises the line every other label must clear. Learnt per
 * installation from the user's corrections (apps/api/src/learning); labels left out move by 0.
 */
export type LabelOffsets = Partial<Record<ToneLabel, number>>;

/**
 * The decision the label rules would have made with `offsets` added to every label's score: the
 * same rule as decideTone (the strongest wins; nothing clearing CALM_BELOW means Calm), so the
 * hysteresis and the confidence read the offset scores as they read the rules' own. Calm's offset
 * is applied as the opposite shift of every other label, which keeps "the winner has the largest
 * margin" true. Returns `decision` itself when no offset is set.
 */
export function offsetDecision(decision: ToneDecision, offsets: LabelOffsets | undefined): ToneDecision {
  if (!offsets) return decision;
  const calmOffset = offsets.Calm ?? 0;
  const scores = { ...decision.scores };
  let best: ToneLabel = 'Calm';
  let bestScore = -Infinity;
  for (const label of TONE_LABELS) {
    if (label === 'Calm') continue;
    const score = scores[label] + (offsets[label] ?? 0) - calmOffset;
    scores[label] = score;
    if (score > bestScore) [best, bestScore] = [label, score];
  }
  scores.Calm = CALM_BELOW - bestScore;
  if (bestScore < CALM_BELOW) return { ...decision, label: 'Calm', score: scores.Calm, scores };
  return { ...decision, label: best, score: bestScore, scores };
}
