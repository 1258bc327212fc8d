/**
 * The q-quantile (0..1) of ascending values by the nearest-rank method: the smallest value with at
 * least q of all values at or below it. NaN for no values.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
