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
/**
 * Mean spectral flatness (dB) below which steady sound is tonal (music), not noise (measured: noise
 * -2 to -3, plucked or noisy music -7 to -24, chords -23 to -43).
 */
const MUSIC_FLATNESS_DB = -6;
/** A single 32 ms frame this flat is noise, whatever its neighbours. */
const NOISE_FLATNESS_DB = -4.5;
const LEVEL_FLOOR_DB = -90;

/**
 * Classifies blocks as quiet, background noise, speech, music or tone from cheap features: level
 * against an adaptive noise floor, syllabic level modulation (the 40 ms envelope of speech rises and
 * falls several times a second; held notes and noise barely move) and spectral flatness (tonality).
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
  private readonly flatness = new Float64Array(TRAIL);
  private readonly active = new Uint8Array(TRAIL);
  private flatnessSum = 0;
  private activeCount = 0;
  private slot = 0;
  private blocks = 0;

  /** Classify one block from its mean-square energy and spectral flatness. */
  classify(meanSquare: number, flatnessDb: number, isTone: boolean): BlockClass {
    const levelDb = Math.max(LEVEL_FLOOR_DB, 10 * Math.log10(meanSquare + 1e-12));
    this.levelDb = levelDb;
    this.blocks++;
    this.envelopeEnergy += meanSquare;
    if (this.blocks % ENVELOPE_BLOCKS === 0) this.stepEnvelope();
    const isActive = levelDb > this.floorDb + ACTIVE_ABOVE_FLOOR_DB && levelDb > -65;
    const slot = this.slot;
    const flatness = isActive ? flatnessDb : 0;
    this.flatnessSum += flatness - this.flatness[slot]!;
    this.flatness[slot] = flatness;
    this.activeCount += (isActive ? 1 : 0) - this.active[slot]!;
    this.active[slot] = isActive ? 1 : 0;
    this.slot = (slot + 1) % TRAIL;

    let kind: BlockClass;
    if (isTone) kind = BlockClass.Tone;
    else if (!isActive) kind = BlockClass.Quiet;
    else if (this.modulationSum >= SPEECH_MODULATION_DB) kind = BlockClass.Speech;
    else if (this.activeCount > 0 && this.flatnessSum / this.activeCount <= MUSIC_FLATNESS_DB) kind = BlockClass.Music;
    else kind = BlockClass.Noise;
    this.trackFloor(levelDb, kind, flatnessDb);
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
   * Falls fast; follows quiet blocks and noise-like blocks (flat spectrum right now, not speech)
   * within a fraction of a second, so a dip to digital silence does not leave it stuck low and a new
   * background is taken on even between the bursts of a tone; never rises on tonal sound, so a long
   * stretch of legato hold music is not mistaken for the background.
   */
  private trackFloor(levelDb: number, kind: BlockClass, flatnessDb: number): void {
    const noiseLike = kind === BlockClass.Noise || (kind !== BlockClass.Speech && kind !== BlockClass.Tone && flatnessDb > NOISE_FLATNESS_DB);
    if (levelDb < this.floorDb) this.floorDb += 0.2 * (levelDb - this.floorDb);
    else if (kind === BlockClass.Quiet || noiseLike) this.floorDb += 0.05 * (levelDb - this.floorDb);
  }
}
