import type { ProsodyFlag, ToneLabel } from '@linnet/shared';
import { WINDOW_SPREAD, type VoiceProfile } from './baseline.js';
import { TONE_MODEL } from './tone-model-table.js';
import { MODEL_LABELS, toneModelLogOdds, type ToneModel } from './tone-model.js';

/** Deviation of a window from the speaker's norm, in window spreads (z-like scores). */
export type Deviation = VoiceProfile;

/** What the rules decided for one window. */
export interface ToneDecision {
  label: ToneLabel;
  /** Strength of the evidence for the label, before maturity and voicing discount it. */
  score: number;
  flags: ProsodyFlag[];
  /** 0..1 distance of the window from the speaker's norm. */
  shiftMagnitude: number;
  /**
   * Every label's score in this window, on the scale of `score` (Calm's is CALM_BELOW minus the best
   * other score), so a label that is not the winner can still be weighed (label hysteresis).
   */
  scores: Record<ToneLabel, number>;
}

/**
 * A window's deviations and largest phrase-final rise → the labels' scores and the winner (decideTone's contract).
 * `narrowband` says the window was heard through a phone line (frames.ts): the shipped scorers ignore it;
 * evaluation scripts record it to know which calibration map a window is quoted through.
 */
export type ToneScorer = (z: Readonly<Deviation>, endRiseSt: number, narrowband?: boolean) => ToneDecision;

// Thresholds in spreads (see baseline.ts WINDOW_SPREAD) for naming a flag.
const FLAG_AT = 1;
// A phrase whose last pitch is this far above its lowest point of the last 300 ms sounds like a question.
const RISING_END_ST = 2;
/** Below this score nothing stands out: the speaker sounds like their usual, calm self. */
export const CALM_BELOW = 1;

/** Deviation of `profile` from `norm`, in spreads; one that cannot be measured (missing pitch) counts as none. */
export function deviation(profile: VoiceProfile, norm: Readonly<VoiceProfile>, out: Deviation): Deviation {
  for (const key of Object.keys(WINDOW_SPREAD) as Array<keyof VoiceProfile>) {
    // The result is checked, not only the window's value: a NaN from the norm passes the model's clipping
    // (Math.min/max keep NaN), and every label's score reads every input, so one NaN would leave no label but Calm.
    const z = (profile[key] - norm[key]) / WINDOW_SPREAD[key];
    out[key] = Number.isFinite(z) ? z : 0;
  }
  return out;
}

/** Speaking pace in spreads: syllable-nucleus rate and envelope tempo, two views of the same tempo. */
function paceOf(z: Deviation): number {
  return (z.rate + z.tempo) / 2;
}

/** Name the measured departures from the norm. */
function flagsFor(z: Deviation, risingEnd: boolean): ProsodyFlag[] {
  const flags: ProsodyFlag[] = [];
  const pace = paceOf(z);
  if (z.loudnessDb > FLAG_AT) flags.push('loud');
  if (z.loudnessDb < -1.6) flags.push('quiet');
  if (pace > FLAG_AT) flags.push('fast');
  if (pace < -FLAG_AT) flags.push('slow');
  if (z.pitchSt > FLAG_AT) flags.push('raised pitch');
  if (z.pitchSt < -FLAG_AT) flags.push('low pitch');
  if (z.pitchRangeLog > FLAG_AT) flags.push('wide range');
  if (z.pitchRangeLog < -FLAG_AT) flags.push('monotone');
  if (risingEnd) flags.push('rising end');
  if (z.pauseRatio > FLAG_AT) flags.push('long pauses');
  return flags;
}

/** The phrase-final rule's Questioning score: a rising end, and bigger rises are stronger evidence. */
function questioningScore(endRiseSt: number): number {
  return endRiseSt > RISING_END_ST ? 1.2 + Math.min(0.8, (endRiseSt - RISING_END_ST) / 4) : 0;
}

/** The strongest of `scores` wins, nothing reaching CALM_BELOW means Calm; flags and shift from `z`. */
function decide(z: Readonly<Deviation>, endRiseSt: number, scores: ReadonlyArray<readonly [ToneLabel, number]>): ToneDecision {
  let best: readonly [ToneLabel, number] = ['Calm', 0];
  for (const candidate of scores) if (candidate[1] > best[1]) best = candidate;
  const byLabel = Object.fromEntries(scores) as Record<ToneLabel, number>;
  byLabel.Calm = CALM_BELOW - best[1];
  const pace = paceOf(z);
  const distance = Math.sqrt(
    (z.pitchSt ** 2 + z.pitchRangeLog ** 2 + z.loudnessDb ** 2 + pace ** 2 + z.pauseRatio ** 2) / 5,
  );
  const shiftMagnitude = Math.min(1, distance / 3);
  const flags = flagsFor(z, endRiseSt > RISING_END_ST);
  if (best[1] < CALM_BELOW) return { label: 'Calm', score: CALM_BELOW - best[1], flags, shiftMagnitude, scores: byLabel };
  return { label: best[0], score: best[1], flags, shiftMagnitude, scores: byLabel };
}

/**
 * The hand-written label rules the engine used until 1 Dec 2026 (docs/tone.md, "Labels"): each label
 * scores how strongly its signature shows. Kept as the reference every fitted model is compared with
 * (`scripts/eval/tone-fit.ts`); the engine scores with `decideTone`.
 */
export function decideToneByRules(z: Readonly<Deviation>, endRiseSt: number): ToneDecision {
  const pace = paceOf(z);
  return decide(z, endRiseSt, [
    // Louder and higher than usual.
    ['Tense', Math.min(z.loudnessDb / 2, z.pitchSt)],
    // Wide pitch range or raised pitch with some extra energy, short of Tense's loudness. Raised
    // pitch counts only with a range near or above usual: higher *and* louder at the usual range is
    // Tense's signature (a voice pushed up and out keeps, or narrows, its melody). A wide range counts
    // whatever the loudness: requiring some extra loudness too read a widened melody at the usual
    // level as Calm on every family (docs/tone.md, "Three families").
    [
      'Animated',
      Math.max(Math.min(z.pitchRangeLog, z.pitchSt + 0.5), Math.min(z.pitchSt, z.loudnessDb + 0.3, z.pitchRangeLog + 1)) -
        1.5 * Math.max(0, z.loudnessDb - 2.2),
    ],
    // Quiet and low (often slow too).
    ['Subdued', Math.min(-z.loudnessDb / 1.5, -z.pitchSt + 0.3) + Math.max(0, -pace) * 0.2],
    // Flat melody at a normal loudness.
    ['Matter-of-fact', -z.pitchRangeLog - Math.max(0, -z.loudnessDb - 1.5)],
    // Fast, without long pauses.
    ['Rushed', pace - Math.max(0, z.pauseRatio)],
    // Long pauses, often slower.
    // Quiet speech sinks into the noise floor and looks paused: very quiet windows discount pauses.
    ['Hesitant', z.pauseRatio + Math.max(0, -pace) * 0.3 - 2 * Math.max(0, -z.loudnessDb - 0.8)],
    ['Questioning', questioningScore(endRiseSt)],
  ]);
}

/**
 * Scores a window with a fitted model (tone-model.ts): every model label's score is CALM_BELOW +
 * scale × its log-odds against Calm, so it wins where the model prefers it to Calm, and the label
 * hysteresis, the confidence and learnt offsets read margins on the same scale as the rules';
 * Questioning is the phrase-final rule's.
 */
export function toneScorerFor(model: ToneModel): ToneScorer {
  const odds: number[] = [];
  return (z, endRiseSt) => {
    toneModelLogOdds(model, z, odds);
    const scores: Array<[ToneLabel, number]> = [];
    for (let c = 1; c < MODEL_LABELS.length; c++) scores.push([MODEL_LABELS[c]!, CALM_BELOW + model.scale * odds[c]!]);
    scores.push(['Questioning', questioningScore(endRiseSt)]);
    return decide(z, endRiseSt, scores);
  };
}

/**
 * The engine's label scores (docs/tone.md, "A fitted model, shipped"): the multinomial logistic model
 * of tone-model-table.ts, fitted on three synthesiser families' tuning sentences, clean and noisy.
 */
export const decideTone: ToneScorer = toneScorerFor(TONE_MODEL);
