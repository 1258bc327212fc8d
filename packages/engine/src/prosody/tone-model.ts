import type { ToneLabel } from '@linnet/shared';
import type { Deviation } from './labels.js';

/**
 * The labels the fitted model scores, in the order of its weight rows. Questioning stays the
 * phrase-final rule (docs/tone.md: flite's and Festival's questions do not rise, so no window
 * feature can learn them).
 */
export const MODEL_LABELS = ['Calm', 'Matter-of-fact', 'Animated', 'Tense', 'Rushed', 'Hesitant', 'Subdued'] as const satisfies readonly ToneLabel[];

/** Which window features a model reads: the plain deviations, or those plus one-sided hinges. */
export type ToneModelFeatures = 'linear' | 'hinge';

/**
 * A multinomial logistic model over a window's deviations: one weight row per MODEL_LABELS entry
 * (inputs as `toneModelInputs` lists them), and the scale that puts its log-odds on the label
 * rules' score scale (CALM_BELOW + scale × log-odds against Calm).
 */
export interface ToneModel {
  features: ToneModelFeatures;
  scale: number;
  weights: ReadonlyArray<readonly number[]>;
}

/** How a model was fitted (scripts/eval/tone-model-fit.ts): L2 penalty, and whether Questioning files taught Calm or were left out. */
export interface ToneModelTraining {
  l2: number;
  questions: 'calm' | 'drop';
}

// Deviations beyond this many spreads are clipped: a tracker slip should not dominate a linear score.
const CLIP = 6;
const clip = (value: number) => Math.max(-CLIP, Math.min(CLIP, value));
const up = (value: number) => Math.max(0, value);

/**
 * The model's inputs for one window's deviations, written into `out` (a leading 1 for the bias):
 * pitch, range, loudness, nucleus rate, envelope tempo and pause share; "hinge" adds their one-sided
 * parts (higher and lower pitch, wider and narrower range, louder and quieter, faster and slower
 * pace, more pauses), so one direction can matter without the other.
 */
export function toneModelInputs(z: Readonly<Deviation>, features: ToneModelFeatures, out: number[] = []): number[] {
  const p = clip(z.pitchSt);
  const r = clip(z.pitchRangeLog);
  const l = clip(z.loudnessDb);
  const rate = clip(z.rate);
  const tempo = clip(z.tempo);
  const pause = clip(z.pauseRatio);
  out.length = 0;
  out.push(1, p, r, l, rate, tempo, pause);
  if (features === 'hinge') {
    const pace = (rate + tempo) / 2;
    out.push(up(p), up(-p), up(r), up(-r), up(l), up(-l), up(pace), up(-pace), up(pause));
  }
  return out;
}

const inputs: number[] = [];
/**
 * Each model label's log-odds against Calm for one window, in MODEL_LABELS order (Calm's is 0),
 * written into `out`.
 */
export function toneModelLogOdds(model: ToneModel, z: Readonly<Deviation>, out: number[] = []): number[] {
  toneModelInputs(z, model.features, inputs);
  out.length = 0;
  for (const row of model.weights) {
    let sum = 0;
    for (let j = 0; j < inputs.length; j++) sum += row[j]! * inputs[j]!;
    out.push(sum);
  }
  const calm = out[0]!;
  for (let c = 0; c < out.length; c++) out[c]! -= calm;
  return out;
}
