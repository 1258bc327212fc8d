import type { SpeakerBaselineState } from '@linnet/shared';
import type { ToneObservation } from '../annotator/annotator.js';
import { POPULATION_PROFILE, SpeakerBaseline, type VoiceProfile } from './baseline.js';
import { calibrateConfidence, calibrationTableFor } from './confidence-calibration.js';
import { LABEL_CONFIDENCE } from './confidence-limits.js';
import { LabelHysteresis } from './hysteresis.js';
import { offsetDecision, type LabelOffsets } from './label-offsets.js';
import { decideTone, deviation, type Deviation, type ToneScorer } from './labels.js';
import type { WindowFeatures } from './window-features.js';

// Windows with less voicing than this tell us too little to teach the baseline.
const MIN_LEARNING_VOICED = 20;
// Share of the previous window kept in the smoothed profile: one window of speech is a noisy sample.
const CARRY = 0.4;
// After a question's rising end, the next window keeps it: the question colours the whole utterance.
const RISING_HOLD_WINDOWS = 1;
const PROFILE_KEYS = Object.keys(POPULATION_PROFILE) as Array<keyof VoiceProfile>;

/**
 * Turns window summaries of one speaker into labelled observations relative to that speaker's
 * baseline, with confidence growing with the voicing in the window and the baseline's maturity.
 * The label shown is held against one-window flips (hysteresis.ts); its confidence is always its
 * own score in the window, so a held label the window no longer supports comes out unconfident.
 */
export class ToneLabeller {
  private readonly baseline: SpeakerBaseline;
  private readonly offsets: LabelOffsets | undefined;
  private readonly calibrated: boolean;
  private readonly scorer: ToneScorer;
  private readonly measured: VoiceProfile = { pitchSt: NaN, pitchRangeLog: NaN, loudnessDb: NaN, rate: NaN, tempo: NaN, pauseRatio: NaN };
  private readonly smoothed: VoiceProfile = { ...this.measured };
  private readonly z: Deviation = { pitchSt: 0, pitchRangeLog: 0, loudnessDb: 0, rate: 0, tempo: 0, pauseRatio: 0 };
  private fresh = true;
  private lastRise = Number.NaN;
  private riseHold = 0;
  private readonly hysteresis = new LabelHysteresis();

  /**
   * `offsets`: the installation's learnt per-label score offsets (label-offsets.ts), if any.
   * `startFrom`: a kept conversation's baseline, so a resumed session compares against the voice it knew.
   * `calibrated`: confidence through the calibration map (false only to fit it).
   * `scorer`: the label scores (decideTone, unless an evaluation script tries another).
   */
  constructor(
    private readonly speakerId = 'speaker_a',
    {
      offsets,
      startFrom,
      calibrated = true,
      scorer = decideTone,
    }: { offsets?: LabelOffsets; startFrom?: SpeakerBaselineState; calibrated?: boolean; scorer?: ToneScorer } = {},
  ) {
    this.scorer = scorer;
    this.offsets = offsets;
    this.baseline = new SpeakerBaseline(startFrom);
    this.calibrated = calibrated;
  }

  /** The speaker baseline's numbers now. */
  baselineState(): SpeakerBaselineState {
    return this.baseline.state();
  }

  /** Label one speech window. */
  observe(features: WindowFeatures): ToneObservation {
    const { measured, baseline } = this;
    measured.pitchSt = features.pitchSt;
    // Range on a log scale: halving the melody is the same change for a narrow voice (flite's slt,
    // ~2 st) as for a wide one (~4 st); the +1 st keeps tracker jitter on tiny ranges from counting.
    measured.pitchRangeLog = Math.log2(1 + features.pitchRangeSt);
    measured.loudnessDb = features.loudnessDb;
    measured.rate = features.rate;
    measured.tempo = features.tempo;
    measured.pauseRatio = features.pauseRatio;
    for (const key of PROFILE_KEYS) this.blend(key, measured[key]);
    this.fresh = false;
    let endRise = features.endRiseSt;
    if (Number.isFinite(endRise)) {
      this.lastRise = endRise;
      this.riseHold = RISING_HOLD_WINDOWS;
    } else if (this.riseHold > 0) {
      this.riseHold--;
      endRise = this.lastRise;
    }
    const decision = offsetDecision(this.scorer(deviation(this.smoothed, baseline.norm, this.z), endRise, features.narrowband), this.offsets);
    const shown = this.hysteresis.choose(decision);
    const { base, evidenceWeight, evidenceRate, maturityStart, maturityWindows, settleWindows } = LABEL_CONFIDENCE;
    // Until the baseline has heard settleWindows of this voice it is the population's: no confidence at all, rather
    // than a label the voice has not earned; then it grows from maturityStart.
    const maturity = baseline.windows < settleWindows ? 0 : Math.min(1, maturityStart + baseline.windows / maturityWindows);
    const voicing = Math.min(1, features.voicedFrames / LABEL_CONFIDENCE.fullVoicingFrames);
    // A held label the window argues against has a negative score: its evidence term goes below zero.
    const evidence = 1 - Math.exp(-evidenceRate * shown.score);
    const confidence = Math.max(
      0,
      (base + evidenceWeight * evidence) * maturity * (LABEL_CONFIDENCE.voicingFloor + LABEL_CONFIDENCE.voicingWeight * voicing),
    );
    if (features.voicedFrames >= MIN_LEARNING_VOICED) {
      baseline.learn(measured, decision.shiftMagnitude > LABEL_CONFIDENCE.outlierShift);
    }
    // The rule-based confidence orders windows well but says little about how often the label is right:
    // the per-label calibration map turns it into observed precision (docs/tone.md, "Calibration"), the
    // phone line's own map when the window came through one (labels are right less often there).
    const said = this.calibrated ? calibrateConfidence(shown.label, confidence, calibrationTableFor(features.narrowband)) : confidence;
    return {
      label: shown.label,
      confidence: Math.round(said * 100) / 100,
      shift_magnitude: Math.round(decision.shiftMagnitude * 100) / 100,
      speaker_id: this.speakerId,
      prosody_flags: decision.flags,
    };
  }

  /** A window without speech, `seconds` long: the next phrase starts a fresh smoothing run. */
  pause(seconds: number): void {
    this.fresh = true;
    this.riseHold = 0;
    this.hysteresis.silence(seconds);
  }

  private blend(key: keyof VoiceProfile, value: number): void {
    const { smoothed } = this;
    const previous = smoothed[key];
    if (this.fresh || !Number.isFinite(previous)) smoothed[key] = value;
    // A window without a usable value (too little voicing for a rate) keeps the last one.
    else if (Number.isFinite(value)) smoothed[key] = CARRY * previous + (1 - CARRY) * value;
  }
}
