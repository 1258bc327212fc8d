import { TONE_LABELS } from '@linnet/shared';

/** Confusion counts: truth label → predicted label (or "none") → files. */
export type Confusion = Map<string, Map<string, number>>;

/** Add one scored file to a confusion table. */
export function tally(confusion: Confusion, truth: string, predicted: string) {
  const row = confusion.get(truth) ?? new Map<string, number>();
  row.set(predicted, (row.get(predicted) ?? 0) + 1);
  confusion.set(truth, row);
}

/** Per-label precision, recall, F1 and their macro average over TONE_LABELS. */
export function scores(confusion: Confusion) {
  const cell = (truth: string, predicted: string) => confusion.get(truth)?.get(predicted) ?? 0;
  const perLabel = TONE_LABELS.map((label) => {
    const truePositives = cell(label, label);
    const predictedCount = TONE_LABELS.reduce((sum, truth) => sum + cell(truth, label), 0);
    const truthCount = [...(confusion.get(label)?.values() ?? [])].reduce((sum, n) => sum + n, 0);
    const precision = predictedCount ? truePositives / predictedCount : 0;
    const recall = truthCount ? truePositives / truthCount : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: truthCount };
  });
  const macroF1 = perLabel.reduce((sum, row) => sum + row.f1, 0) / perLabel.length;
  return { perLabel, macroF1 };
}

/** The confusion table as aligned text, truth in rows and prediction in columns. */
export function formatConfusion(confusion: Confusion): string {
  const columns = [...TONE_LABELS, 'none'];
  const short = (label: string) => label.slice(0, 6).padStart(7);
  const lines = [`${'truth \\ said'.padEnd(15)}${columns.map(short).join('')}`];
  for (const truth of TONE_LABELS) {
    const row = confusion.get(truth);
    lines.push(`${truth.padEnd(15)}${columns.map((c) => String(row?.get(c) ?? 0).padStart(7)).join('')}`);
  }
  return lines.join('\n');
}

/** The most frequent label (the first seen wins a tie), or `none` for no labels: a file's dominant label. */
export function plurality(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best = 'none';
  let bestCount = 0;
  for (const [label, count] of counts) if (count > bestCount) [best, bestCount] = [label, count];
  return best;
}
