/**
 * The numbers behind tone-event and speaker-event confidence, each documented in docs/tone.md
 * ("confidence" under the label rules; "Speaker events"). Changing one changes the events and
 * which of them pass the minimum confidence: rerun `pnpm eval`.
 */

/**
 * Tone confidence = (base + evidenceWeight·(1 − e^(−evidenceRate·score))) × maturity × voicing
 * (docs/tone.md, "confidence").
 */
export const LABEL_CONFIDENCE = {
  /** Confidence of a label whose rule barely fired, before maturity and voicing. */
  base: 0.45,
  /** What a clear rule win adds on top of `base` (so a perfect window reaches 0.95). */
  evidenceWeight: 0.5,
  /** How fast evidence saturates with the winning rule's score: 1.5 puts a score of 1 at 78 %. */
  evidenceRate: 1.5,
  /**
   * Maturity starts here and reaches 1 after `maturityWindows` learnt windows: the first seconds
   * are judged against population defaults and are uncertain.
   */
  maturityStart: 0.55,
  maturityWindows: 12,
  /**
   * Maturity is 0 (no label is shown) until the baseline has learnt from this many speech windows: before that a
   * voice is judged against the population defaults, and the first windows of every families-corpus lead-in (the
   * voice as usual) came out non-Calm (docs/tone.md, "The first seconds of a voice").
   */
  settleWindows: 4,
  /** Voicing factor = voicingFloor + (1 − voicingFloor)·min(1, voiced frames / fullVoicingFrames). */
  voicingFloor: 0.6,
  voicingWeight: 0.4,
  /** 30 voiced 10 ms frames: a third of a 1 s window is enough voice to trust its measures. */
  fullVoicingFrames: 30,
  /**
   * A window this far from the speaker's norm (shift_magnitude) teaches the baseline at a quarter of
   * the rate, so a burst of anger does not become the new normal (docs/tone.md, baseline).
   */
  outlierShift: 0.4,
} as const;

/** Speaker-event confidence (docs/tone.md, "Speaker events"). */
export const SPEAKER_CONFIDENCE = {
  /** Confidence of an onset or offset with no evidence beyond the change itself. */
  base: 0.5,
  /** Cap: a debounced voice/no-voice decision is never certain. */
  max: 0.99,
  /** An onset window with this many voiced 10 ms frames adds +1 (so 49 frames reach the cap). */
  onsetFramesPerUnit: 100,
  /** Silence of this many hangovers adds +1: four hangovers of quiet make an offset certain. */
  offsetHangoversPerUnit: 4,
  /**
   * Voicing must have stopped this long before `no_speaker`, so a breath or a pause for thought
   * does not flip the state (docs/tone.md: 1 s).
   */
  hangoverS: 1.0,
} as const;
