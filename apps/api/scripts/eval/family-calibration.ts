import { observedPrecision, type CalibrationKnots } from '@linnet/engine';

/** One shown label: the confidence it was shown with and whether it was the file's label. */
export interface Shown {
  label: string;
  confidence: number;
  correct: boolean;
}

/** Confidence shown at or above this is "confident" (the app says "likely" and more): wrong ones are the costly kind. */
export const CONFIDENT = 0.75;
// Isotonic blocks smaller than this are merged into a neighbour: a knot needs enough windows to mean a share.
const MIN_BLOCK = 12;
const BIN_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];

/** One bin of a reliability diagram: how many labels, their mean confidence and the share right. */
export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  confidence: number;
  precision: number;
}

/** Reliability diagram data, expected calibration error and confident-wrong share of a set of shown labels. */
export function reliability(shown: readonly Shown[]) {
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b + 1 < BIN_EDGES.length; b++) {
    const inBin = shown.filter((s) => s.confidence >= BIN_EDGES[b]! && s.confidence < BIN_EDGES[b + 1]!);
    if (!inBin.length) continue;
    const confidence = inBin.reduce((sum, s) => sum + s.confidence, 0) / inBin.length;
    const precision = inBin.filter((s) => s.correct).length / inBin.length;
    ece += (inBin.length / shown.length) * Math.abs(precision - confidence);
    bins.push({ from: BIN_EDGES[b]!, to: Math.min(1, BIN_EDGES[b + 1]!), n: inBin.length, confidence, precision });
  }
  const confidentWrong = shown.filter((s) => s.confidence >= CONFIDENT && !s.correct).length / Math.max(1, shown.length);
  const precision = shown.filter((s) => s.correct).length / Math.max(1, shown.length);
  const meanConfidence = shown.reduce((sum, s) => sum + s.confidence, 0) / Math.max(1, shown.length);
  return { n: shown.length, bins, ece, confidentWrong, precision, meanConfidence };
}

/**
 * A monotone map from raw confidence to the share of windows that were right (isotonic regression by
 * pool-adjacent-violators, blocks of at least MIN_BLOCK windows), as knots for calibrateConfidence.
 */
export function fitIsotonic(samples: ReadonlyArray<{ raw: number; correct: boolean }>): CalibrationKnots {
  const sorted = [...samples].sort((a, b) => a.raw - b.raw);
  type Block = { sumRaw: number; sumRight: number; n: number };
  const blocks: Block[] = [];
  for (const s of sorted) {
    blocks.push({ sumRaw: s.raw, sumRight: s.correct ? 1 : 0, n: 1 });
    // Pool while the last block is not above the one before it, or the one before is too small.
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const before = blocks[blocks.length - 2]!;
      if (before.sumRight / before.n < last.sumRight / last.n && before.n >= MIN_BLOCK) break;
      blocks.pop();
      before.sumRaw += last.sumRaw;
      before.sumRight += last.sumRight;
      before.n += last.n;
    }
  }
  // A too-small last block joins its neighbour, which keeps the map monotone (a pooled mean lies between).
  while (blocks.length > 1 && blocks[blocks.length - 1]!.n < MIN_BLOCK) {
    const last = blocks.pop()!;
    const before = blocks[blocks.length - 1]!;
    before.sumRaw += last.sumRaw;
    before.sumRight += last.sumRight;
    before.n += last.n;
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { raw: blocks.map((b) => round(b.sumRaw / b.n)), precision: blocks.map((b) => round(b.sumRight / b.n)) };
}

/**
 * The pointwise lower envelope of one label's maps fitted on different families: at every raw
 * confidence (each map's knots and a 0.05 grid between), the least share right any of them observed.
 * Quoting a label at the worst family's precision keeps "very likely" honest on a voice unlike any
 * family it was fitted on, at the price of understating it on the easier ones (docs/tone.md).
 */
export function lowerEnvelope(maps: readonly CalibrationKnots[]): CalibrationKnots {
  if (maps.length === 1) return maps[0]!;
  const knots = maps.flatMap((map) => map.raw);
  const from = Math.min(...knots);
  const to = Math.max(...knots);
  const grid = Array.from({ length: Math.floor((to - from) / 0.05) + 1 }, (_, i) => from + i * 0.05);
  const raw = [...new Set([...knots, ...grid].map((x) => Math.round(x * 1000) / 1000))].sort((a, b) => a - b);
  const at = (map: CalibrationKnots, x: number) => observedPrecision('label', x, { label: map });
  return { raw, precision: raw.map((x) => Math.round(Math.min(...maps.map((map) => at(map, x))) * 1000) / 1000) };
}
