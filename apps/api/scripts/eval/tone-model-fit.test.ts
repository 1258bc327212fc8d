import { describe, expect, it } from 'vitest';
import { CALM_BELOW, toneModelInputs, toneModelLogOdds, toneScorerFor, type Deviation } from '@linnet/engine';
import { fitSoftmax, type Sample, type SoftmaxModel } from './tone-model-fit.js';

const logOddsAgainstCalm = (model: SoftmaxModel, z: Deviation) => toneModelLogOdds({ ...model, scale: 1 }, z);
const scorerFrom = (model: SoftmaxModel, scale: number) => toneScorerFor({ ...model, scale });

const usual: Deviation = { pitchSt: 0, pitchRangeLog: 0, loudnessDb: 0, rate: 0, tempo: 0, pauseRatio: 0 };
// Three well-separated styles around the speaker's norm: usual (Calm), louder and higher (Tense), faster (Rushed).
const styles: Array<[Sample['label'], Deviation]> = [
  ['Calm', usual],
  ['Tense', { ...usual, loudnessDb: 3, pitchSt: 2 }],
  ['Rushed', { ...usual, rate: 2, tempo: 2 }],
];
const jitter = (k: number) => ((k * 7919) % 11) / 11 - 0.5;
const samples: Sample[] = styles.flatMap(([label, z]) =>
  Array.from({ length: 30 }, (_, k) => ({
    label,
    x: toneModelInputs({ ...z, pitchSt: z.pitchSt + 0.4 * jitter(k), loudnessDb: z.loudnessDb + 0.4 * jitter(k + 3), rate: z.rate + 0.4 * jitter(k + 5) }, 'linear'),
  })),
);

describe('fitSoftmax', () => {
  it('learns log-odds that pick each separable style over the others', () => {
    const model = fitSoftmax(samples, 'linear', 0.001, 800);
    const tense = logOddsAgainstCalm(model, styles[1]![1]);
    const rushed = logOddsAgainstCalm(model, styles[2]![1]);
    const calm = logOddsAgainstCalm(model, usual);
    // MODEL_LABELS order: Calm, Matter-of-fact, Animated, Tense, Rushed, Hesitant, Subdued.
    expect(tense.indexOf(Math.max(...tense))).toBe(3);
    expect(rushed.indexOf(Math.max(...rushed))).toBe(4);
    expect(Math.max(...calm)).toBe(0);
  });

  it('shrinks the feature weights (not the biases) towards zero as the L2 penalty grows', () => {
    const norm = (l2: number) =>
      fitSoftmax(samples, 'linear', l2, 800)
        .weights.flatMap((row) => row.slice(1))
        .reduce((sum, w) => sum + w * w, 0);
    expect(norm(1)).toBeLessThan(norm(0.001) / 4);
  });
});

describe('toneScorerFor with a fitted model', () => {
  const model = fitSoftmax(samples, 'linear', 0.001, 800);

  it('fires the label the model prefers to Calm, on the rules’ scale, and keeps Calm below the line', () => {
    const scorer = scorerFrom(model, 1);
    const tense = scorer(styles[1]![1], Number.NaN);
    expect(tense.label).toBe('Tense');
    expect(tense.score).toBeGreaterThan(CALM_BELOW);
    expect(tense.scores.Calm).toBe(CALM_BELOW - tense.score);
    expect(scorer(usual, Number.NaN)).toMatchObject({ label: 'Calm', flags: [] });
  });

  it('leaves Questioning to the phrase-final rule', () => {
    const decision = scorerFrom(model, 1)(usual, 5);
    expect(decision).toMatchObject({ label: 'Questioning', flags: ['rising end'] });
    expect(decision.scores.Questioning).toBe(1.2 + 0.75);
  });
});
