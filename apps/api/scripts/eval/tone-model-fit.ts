import { CALM_BELOW, decideTone, type Deviation, type ToneDecision, type ToneScorer } from '@linnet/engine';
import type { ToneLabel } from '@linnet/shared';

/**
 * The labels a fitted model scores. Questioning stays the phrase-final rule (docs/tone.md: flite's and
 * Festival's questions do not rise, so no window feature can learn them).
 */
export const MODEL_LABELS = ['Calm', 'Matter-of-fact', 'Animated', 'Tense', 'Rushed', 'Hesitant', 'Subdued'] as const satisfies readonly ToneLabel[];

/** Which window features a model reads: the plain deviations, or those plus one-sided hinges. */
export type FeatureSet = 'linear' | 'hinge';

// Deviations beyond this many spreads are clipped: a tracker slip should not dominate a linear score.
const CLIP = 6;
const clip = (value: number) => Math.max(-CLIP, Math.min(CLIP, value));

/** The model's inputs for one window's deviations (a leading 1 for the bias). */
export function featuresOf(z: Readonly<Deviation>, set: FeatureSet): number[] {
  const p = clip(z.pitchSt);
  const r = clip(z.pitchRangeLog);
  const l = clip(z.loudnessDb);
  const rate = clip(z.rate);
  const tempo = clip(z.tempo);
  const pause = clip(z.pauseRatio);
  const linear = [1, p, r, l, rate, tempo, pause];
  if (set === 'linear') return linear;
  const pace = (rate + tempo) / 2;
  const up = (v: number) => Math.max(0, v);
  return [...linear, up(p), up(-p), up(r), up(-r), up(l), up(-l), up(pace), up(-pace), up(pause)];
}

/** One training window: its features and the label of the file it belongs to. */
export interface Sample {
  x: number[];
  label: (typeof MODEL_LABELS)[number];
}

/** A fitted multinomial logistic model: one weight row per MODEL_LABELS entry. */
export interface SoftmaxModel {
  features: FeatureSet;
  weights: number[][];
}

/**
 * Multinomial logistic regression by full-batch gradient descent (Adam steps) with L2 (bias not
 * penalised); every class weighs the same in total, since the aim is macro-F1 and segments differ in length.
 */
export function fitSoftmax(samples: readonly Sample[], features: FeatureSet, l2: number, iterations = 1500, step = 0.05): SoftmaxModel {
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

/** The model's log-odds of every label against Calm, in MODEL_LABELS order (Calm's is 0). */
export function logOddsAgainstCalm(model: SoftmaxModel, z: Readonly<Deviation>): number[] {
  const x = featuresOf(z, model.features);
  const logits = model.weights.map((row) => row.reduce((sum, w, j) => sum + w * x[j]!, 0));
  return logits.map((logit) => logit - logits[0]!);
}

/**
 * The model as a scorer on the rules' scale: a label's score is CALM_BELOW + scale × its log-odds
 * against Calm (so it fires when the model prefers it to Calm, and the hysteresis and confidence read
 * margins as before); Questioning, the flags and the shift magnitude are the rules'.
 */
export function scorerFrom(model: SoftmaxModel, scale: number): ToneScorer {
  return (z, endRiseSt) => {
    const rules = decideTone(z, endRiseSt);
    const odds = logOddsAgainstCalm(model, z);
    const scores = { ...rules.scores };
    let best: ToneLabel = 'Questioning';
    let bestScore = rules.scores.Questioning;
    MODEL_LABELS.forEach((label, c) => {
      if (label === 'Calm') return;
      const score = CALM_BELOW + scale * odds[c]!;
      scores[label] = score;
      if (score > bestScore) [best, bestScore] = [label, score];
    });
    scores.Calm = CALM_BELOW - bestScore;
    const decision: ToneDecision = { ...rules, scores, label: best, score: bestScore };
    if (bestScore < CALM_BELOW) return { ...decision, label: 'Calm', score: scores.Calm };
    return decision;
  };
}
