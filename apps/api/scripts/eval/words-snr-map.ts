import type { CalibrationKnots } from '@linnet/engine';

/** One words-question utterance of the eval: the speech-to-noise estimated at its end, whether it asked, its corpus condition. */
export interface WordsQuestionSample {
  raw: number;
  correct: boolean;
  condition: string;
}

/**
 * The words rule's precision by estimated speech-to-noise, one knot per noise condition of the corpus (clean,
 * 20 dB, 10 dB): at the median estimate of that condition's utterances, the share of them that asked.
 * Within a condition the estimate varies with how loud the voice is, not with how noisy the room is, so a
 * finer fit (isotonic over every utterance) would learn that noise; between conditions it is what changes.
 * Knots are made monotone (a quieter condition is never quoted below a noisier one) by pooling
 * adjacent violators, and conditions at the same estimate, weighted by their utterances.
 */
export function conditionKnots(samples: readonly WordsQuestionSample[]): CalibrationKnots {
  const groups = new Map<string, WordsQuestionSample[]>();
  for (const sample of samples) groups.set(sample.condition, [...(groups.get(sample.condition) ?? []), sample]);
  type Knot = { snr: number; right: number; n: number; weightedSnr: number };
  const knots: Knot[] = [...groups.values()]
    .map((group) => {
      const sorted = group.map((s) => s.raw).sort((a, b) => a - b);
      const snr = sorted[Math.floor(sorted.length / 2)]!;
      return { snr, right: group.filter((s) => s.correct).length, n: group.length, weightedSnr: snr * group.length };
    })
    .sort((a, b) => a.snr - b.snr);
  const pooled: Knot[] = [];
  for (const knot of knots) {
    pooled.push({ ...knot });
    while (pooled.length > 1) {
      const last = pooled[pooled.length - 1]!;
      const before = pooled[pooled.length - 2]!;
      // Two conditions at the same estimate (both at the quiet-room cap) are one knot: a map cannot step in place.
      if (before.snr < last.snr && before.right / before.n <= last.right / last.n) break;
      pooled.pop();
      before.right += last.right;
      before.n += last.n;
      before.weightedSnr += last.weightedSnr;
      before.snr = before.weightedSnr / before.n;
    }
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { raw: pooled.map((k) => round(k.snr)), precision: pooled.map((k) => round(k.right / k.n)) };
}
