import { TONE_LABELS, type ToneLabel } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import { LABEL_HYSTERESIS, LabelHysteresis } from './hysteresis.js';
import type { ToneDecision } from './labels.js';

/** A decision as decideTone makes it: the given rule scores, Calm unless one reaches 1. */
function decision(given: Partial<Record<ToneLabel, number>> = {}): ToneDecision {
  const scores = Object.fromEntries(TONE_LABELS.map((label) => [label, given[label] ?? 0])) as Record<ToneLabel, number>;
  let label: ToneLabel = 'Calm';
  let best = 0;
  for (const candidate of TONE_LABELS) if (candidate !== 'Calm' && scores[candidate] > best) [label, best] = [candidate, scores[candidate]];
  scores.Calm = 1 - best;
  if (best < 1) label = 'Calm';
  return { label, score: label === 'Calm' ? scores.Calm : best, flags: [], shiftMagnitude: 0, scores };
}

function shownFor(decisions: ToneDecision[]): string[] {
  const hysteresis = new LabelHysteresis();
  return decisions.map((window) => hysteresis.choose(window).label);
}

const calm = decision({ Tense: 0.3 });

describe('LabelHysteresis', () => {
  it('keeps the shown label through a one-window flip', () => {
    expect(shownFor([calm, calm, decision({ Questioning: 1.3 }), calm, calm])).toEqual(['Calm', 'Calm', 'Calm', 'Calm', 'Calm']);
  });

  it('shows a new label once it has won two windows in a row', () => {
    const rushed = decision({ Rushed: 1.2 });
    expect(shownFor([calm, calm, rushed, rushed, rushed])).toEqual(['Calm', 'Calm', 'Calm', 'Rushed', 'Rushed']);
  });

  it('shows a label far past its firing line at once', () => {
    // Margin 0.6 against Calm's -0.6: 1.2 spreads of evidence in one window, more than the switch cost.
    expect(shownFor([calm, decision({ Tense: 1.6 })])).toEqual(['Calm', 'Tense']);
  });

  it('lets speech that argues against the shown label in every window replace it, though the winners alternate', () => {
    const tense = decision({ Tense: 1.3, Animated: 1.1 });
    const animated = decision({ Animated: 1.3, Tense: 1.1 });
    const shown = shownFor([calm, tense, animated, tense, animated]);
    expect(shown.slice(0, 2)).toEqual(['Calm', 'Calm']);
    expect(shown.slice(2).every((label) => label !== 'Calm')).toBe(true);
  });

  it('gives a held label its own margin as its score, below zero when the window argues against it', () => {
    const hysteresis = new LabelHysteresis();
    hysteresis.choose(calm);
    expect(hysteresis.choose(decision({ Questioning: 1.3 }))).toEqual({ label: 'Calm', score: expect.closeTo(-0.3, 6), holding: true });
    hysteresis.choose(decision({ Hesitant: 1.2 }));
    hysteresis.choose(decision({ Hesitant: 1.2 }));
    // Hesitant is shown now; a Calm window holds it at its margin: 0.4 below the firing line.
    expect(hysteresis.choose(decision({ Hesitant: 0.6 }))).toEqual({ label: 'Hesitant', score: expect.closeTo(-0.4, 6), holding: true });
  });

  it('forgets the shown label after a long silence, so the next speech is shown as it is', () => {
    const hysteresis = new LabelHysteresis();
    hysteresis.choose(calm);
    hysteresis.silence(LABEL_HYSTERESIS.forgetAfterSilenceS - 1);
    expect(hysteresis.choose(decision({ Questioning: 1.3 })).label).toBe('Calm');
    hysteresis.silence(LABEL_HYSTERESIS.forgetAfterSilenceS);
    expect(hysteresis.choose(decision({ Questioning: 1.3 })).label).toBe('Questioning');
  });
});
