import { TONE_LABELS, type ToneLabel } from '@linnet/shared';
import { CALM_BELOW, type ToneDecision } from './labels.js';

/**
 * How the shown label resists one-window flips (docs/tone.md, "Label hysteresis"). Measured by the
 * stability figure of `pnpm eval` and the flite check: each number moves the changes per minute,
 * how soon a real change shows, and the macro-F1 (the chosen pair is the table's kept row), so
 * rerun both after changing one.
 */
export const LABEL_HYSTERESIS = {
  /**
   * Speech windows in a row a new label must win to replace the shown one ("persist"). Most wrong
   * labels on steady one-style speech last one window (a rising statement end, a long pause
   * between sentences), while a real change lasts as long as it is kept up: two windows remove
   * the single-window flips and still show a change 2 s after it starts (1000 ms windows).
   */
  persistWindows: 2,
  /**
   * Evidence, in window spreads (the unit of the label rules), by which the windows since the last
   * change must favour another label over the shown one to replace it before it has persisted
   * ("much more confident"). Each window costs every label the distance of its margin past the
   * firing line from the winner's. One window against a shown Calm costs twice the newcomer's
   * margin, so 0.8 lets a label 0.4 past its line (score 1.4, confidence about 0.88) show at
   * once, and a run of alternating labels that all argue against the shown one replace it. 1.0,
   * 1.2, 1.5 and 2.0 held more flips back but scored lower on the held-out flite voices and espeak
   * at 10 dB SNR (docs/tone.md, "Stability").
   */
  switchCost: 0.8,
  /**
   * Seconds without speech after which the shown label is forgotten: the app clears a label after
   * dead air, so the first label of the next stretch of speech has nothing to be held against.
   */
  forgetAfterSilenceS: 8,
} as const;

/** The label to show for one window, and its score in that window. */
export interface ShownLabel {
  label: ToneLabel;
  /** The label's score in this window: the rule score when it won, its margin when it is held. */
  score: number;
  /** The window's own winner differs and has not replaced it: the shown label is kept. */
  holding: boolean;
}

/**
 * A label's margin past the firing line in one window: a winner other than Calm scores at least
 * CALM_BELOW, and Calm's own score is CALM_BELOW minus the best other score, so both become "how
 * far past the line" and the window's winner has the largest margin.
 */
function marginOf(label: ToneLabel, decision: ToneDecision): number {
  const score = decision.scores[label];
  return label === 'Calm' ? score : score - CALM_BELOW;
}

/**
 * Keeps the shown label until a new one persists for `persistWindows` windows or the evidence
 * since the last change favours another by `switchCost`. The evidence is the forward pass of a
 * Viterbi decoder over the labels with a fixed cost per change, read out causally: each label's
 * cost is the cheapest way to be in it now, and the cheapest is shown (ties keep the shown one).
 * While the shown label is kept against the window's winner, its score is its margin, so its
 * confidence says how well this window supports it: below the base confidence, and so not shown
 * again, when the window argues against it.
 */
export class LabelHysteresis {
  private shown: ToneLabel | undefined;
  private readonly costs = new Float64Array(TONE_LABELS.length);
  private challenger: ToneLabel | undefined;
  private challengerWindows = 0;
  private silentS = 0;

  /** The label to show for a speech window the rules decided as `decision`. */
  choose(decision: ToneDecision): ShownLabel {
    this.silentS = 0;
    const { label, score } = decision;
    if (this.shown === undefined) return this.restart(label, score);
    const next = TONE_LABELS[this.advance(decision)]!;
    if (label === this.shown) this.challenger = undefined;
    else {
      this.challengerWindows = label === this.challenger ? this.challengerWindows + 1 : 1;
      this.challenger = label;
      if (this.challengerWindows >= LABEL_HYSTERESIS.persistWindows) return this.restart(label, score);
    }
    if (next === label) return this.show(label, score);
    if (next !== this.shown) return this.show(next, marginOf(next, decision));
    return { label: this.shown, score: marginOf(this.shown, decision), holding: true };
  }

  /** A window without speech lasting `seconds`: a long enough silence forgets the shown label. */
  silence(seconds: number): void {
    this.silentS += seconds;
    if (this.silentS >= LABEL_HYSTERESIS.forgetAfterSilenceS) this.shown = undefined;
  }

  /** One Viterbi step over the labels' costs; returns the index of the cheapest (the shown one on ties). */
  private advance(decision: ToneDecision): number {
    const { costs } = this;
    const best = marginOf(decision.label, decision);
    const cheapest = Math.min(...costs);
    for (let i = 0; i < costs.length; i++) {
      costs[i] = Math.min(costs[i]!, cheapest + LABEL_HYSTERESIS.switchCost) + best - marginOf(TONE_LABELS[i]!, decision);
    }
    // Only differences between the costs matter: keep them small.
    const floor = Math.min(...costs);
    for (let i = 0; i < costs.length; i++) costs[i] = costs[i]! - floor;
    let next = TONE_LABELS.indexOf(this.shown!);
    for (let i = 0; i < costs.length; i++) if (costs[i]! < costs[next]!) next = i;
    return next;
  }

  private show(label: ToneLabel, score: number): ShownLabel {
    if (label !== this.shown) this.challenger = undefined;
    this.shown = label;
    return { label, score, holding: false };
  }

  /**
   * Show `label` from a fresh start (the first speech, or a label that persisted though the costs
   * did not favour it yet): every other label starts a full switch cost behind it.
   */
  private restart(label: ToneLabel, score: number): ShownLabel {
    this.costs.fill(LABEL_HYSTERESIS.switchCost);
    this.costs[TONE_LABELS.indexOf(label)] = 0;
    return this.show(label, score);
  }
}
