/** What a 10 ms block sounds like, as far as call state is concerned. */
export const enum BlockClass {
  Quiet = 0,
  Noise = 1,
  Speech = 2,
  Music = 3,
  Tone = 4,
}

/** Blocks in the trailing window the speech/music features average over (0.5 s). */
const TRAIL = 50;
/** Level above the noise floor that makes a block active. */
const ACTIVE_ABOVE_FLOOR_DB = 6;
/** Blocks per envelope step (40 ms) and envelope steps per modulation span (1 s). */
const ENVELOPE_BLOCKS = 4;
const ENVELOPE_STEPS = 25;
/**
 * Total variation (dB per second) of the 40 ms level envelope above which sound is speech: syllables
 * and pauses move the level up and down several times a second (measured: speech 75-240, legato
 * music 5-35, noise 4-8, a 15 dB noise step about 30).
 */
const SPEECH_MODULATION_DB = 50;
/** Mean prediction gain (dB) above which steady sound is tonal (music), not noise. */
const MUSIC_GAIN_DB = 12;
const LEVEL_FLOOR_DB = -90;

/**
 * Classifies blocks as quiet, background noise, speech, music or tone from cheap features: level
 * against an adaptive noise floor, syllabic level modulation (the 40 ms envelope of speech rises and
 * falls several times a second; held notes and noise barely move) and linear-prediction gain (tonality).
 */
export class ActivityClassifier {
  /** Adaptive background level in dB (mean square, dBFS). */
  floorDb = -70;
  /** Level of the latest block in dB. */
  levelDb = LEVEL_FLOOR_DB;
  private readonly envelope = new Float64Array(ENVELOPE_STEPS);
  private modulationSum = 0;
  private envelopeSlot = 0;
  private envelopeEnergy = 0;
  private lastEnvelopeDb = Number.NaN;
  private readonly gain = new Float64Array(TRAIL);
  private readonly active = new Uint8Array(TRAIL);
  private gainSum = 0;
  private activeCount = 0;
  private slot = 0;
  private blocks = 0;

  /** Classify one block from its mean-square energy and prediction gain. */
  classify(meanSquare: number, predictionGainDb: number, isTone: boolean): BlockClass {
    const levelDb = Math.max(LEVEL_FLOOR_DB, 10 * Math.log10(meanSquare + 1e-12));
    this.levelDb = levelDb;
    this.blocks++;
    this.envelopeEnergy += meanSquare;
    if (this.blocks % ENVELOPE_BLOCKS === 0) this.stepEnvelope();
    const isActive = levelDb > this.floorDb + ACTIVE_ABOVE_FLOOR_DB && levelDb > -65;
    const slot = this.slot;
    const gain = isActive ? predictionGainDb : 0;
    this.gainSum += gain - this.gain[slot]!;
    this.gain[slot] = gain;
    this.activeCount += (isActive ? 1 : 0) - this.active[slot]!;
    this.active[slot] = isActive ? 1 : 0;
    this.slot = (slot + 1) % TRAIL;

    let kind: BlockClass;
    if (isTone) kind = BlockClass.Tone;
    else if (!isActive) kind = BlockClass.Quiet;
    else if (this.modulationSum >= SPEECH_MODULATION_DB) kind = BlockClass.Speech;
    else if (this.gainSum / Math.max(1, this.activeCount) >= MUSIC_GAIN_DB) kind = BlockClass.Music;
    else kind = BlockClass.Noise;
    this.trackFloor(levelDb, kind);
    return kind;
  }

  /** One 40 ms envelope step: level clipped at the floor, so background flicker does not count. */
  private stepEnvelope(): void {
    const db = Math.max(this.floorDb, 10 * Math.log10(this.envelopeEnergy / ENVELOPE_BLOCKS + 1e-12));
    this.envelopeEnergy = 0;
    // Capped per step: one onset (music starting, a noise step) is not a syllable rhythm.
    const change = Number.isNaN(this.lastEnvelopeDb) ? 0 : Math.min(10, Math.abs(db - this.lastEnvelopeDb));
    this.lastEnvelopeDb = db;
    this.modulationSum += change - this.envelope[this.envelopeSlot]!;
    this.envelope[this.envelopeSlot] = change;
    this.envelopeSlot = (this.envelopeSlot + 1) % ENVELOPE_STEPS;
  }

  /**
   * Falls fast, follows quiet and steady non-tonal sound within a fraction of a second (a dip to
   * digital silence must not leave it stuck low; a new background is taken on) and never rises on
   * speech, music or tones, so a long stretch of hold music is not mistaken for the background.
   */
  private trackFloor(levelDb: number, kind: BlockClass): void {
    if (levelDb < this.floorDb) this.floorDb += 0.2 * (levelDb - this.floorDb);
    else if (kind === BlockClass.Noise || kind === BlockClass.Quiet) this.floorDb += 0.05 * (levelDb - this.floorDb);
  }
}
