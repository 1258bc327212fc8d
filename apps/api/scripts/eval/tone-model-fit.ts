import { MODEL_LABELS, type ToneModelFeatures } from '@linnet/engine';

/** One training window: its features and the label of the file it belongs to. */
export interface Sample {
  x: number[];
  label: (typeof MODEL_LABELS)[number];
}

/** A fitted multinomial logistic model: one weight row per MODEL_LABELS entry (ToneModel without its scale). */
export interface SoftmaxModel {
  features: ToneModelFeatures;
  weights: number[][];
}

/**
 * Multinomial logistic regression by full-batch gradient descent (Adam steps) with L2 (bias not
 * penalised); every class weighs the same in total, since the aim is macro-F1 and segments differ in length.
 */
export function fitSoftmax(samples: readonly Sample[], features: ToneModelFeatures, l2: number, iterations = 1500, step = 0.05): SoftmaxModel {
  const k = MODEL_LABELS.length;
  const d = samples[0]!.x.length;
  const weights = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const counts = MODEL_LABELS.map((label) => samples.filter((s) => s.label === label).length);
  const present = counts.filter((n) => n > 0).length;
  const sampleWeight = samples.map((s) => 1 / (present * counts[MODEL_LABELS.indexOf(s.label)]!));
  const targets = samples.map((s) => MODEL_LABELS.indexOf(s.label));
  const gradient = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const logits = new Array<number>(k).fill(0);
  // Adam's running moments (Kingma & Ba 2015), one per weight.
  const m = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const v = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  for (let it = 1; it <= iterations; it++) {
    for (const row of gradient) row.fill(0);
    samples.forEach((s, n) => {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += weights[c]![j]! * s.x[j]!;
        logits[c] = sum;
        if (sum > max) max = sum;
      }
      let total = 0;
      for (let c = 0; c < k; c++) total += (logits[c] = Math.exp(logits[c]! - max));
      for (let c = 0; c < k; c++) {
        const error = (logits[c]! / total - (c === targets[n] ? 1 : 0)) * sampleWeight[n]!;
        for (let j = 0; j < d; j++) gradient[c]![j]! += error * s.x[j]!;
      }
    });
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const g = gradient[c]![j]! + (j === 0 ? 0 : l2 * weights[c]![j]!);
        m[c]![j] = 0.9 * m[c]![j]! + 0.1 * g;
        v[c]![j] = 0.999 * v[c]![j]! + 0.001 * g * g;
        const mHat = m[c]![j]! / (1 - 0.9 ** it);
        const vHat = v[c]![j]! / (1 - 0.999 ** it);
        weights[c]![j]! -= (step * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
    }
  }
  return { features, weights };
}
