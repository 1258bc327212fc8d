import type { BlockAnalyser } from './block-analyser.js';
import { BLOCK } from './block-analyser.js';
import { ANALYSIS_RATE } from './decimator.js';
import { DTMF_COLUMNS, DTMF_FREQUENCIES, DTMF_LIMITS, DTMF_ROWS, KEYS } from './dtmf-limits.js';

export { DTMF_FREQUENCIES } from './dtmf-limits.js';

const TWIST_NORMAL = 10 ** (DTMF_LIMITS.normalTwistDb / 10);
const TWIST_REVERSE = 10 ** (DTMF_LIMITS.reverseTwistDb / 10);
const RELATIVE_PEAK = 10 ** (-DTMF_LIMITS.relativePeakDb / 10);
const SECOND_HARMONIC = 10 ** (-DTMF_LIMITS.secondHarmonicDb / 10);
const FRAME = 2 * BLOCK;

/** A digit accepted by the decoder, with its onset in analysis blocks. */
export interface DecodedDigit {
  key: string;
  startBlock: number;
}

/**
 * Streaming DTMF receiver on 10 ms blocks: 20 ms frames (two blocks, 50 Hz resolution) validate a
 * candidate; the tone's duration and frequency are measured across blocks, so tones are decoded
 * correctly wherever window borders fall.
 * @see ITU-T Q.23, Q.24
 */
export class DtmfDecoder {
  /** True while a candidate tone is sounding (the block is keypad, not voice). */
  inTone = false;
  private readonly rotRe = new Float64Array(8);
  private readonly rotIm = new Float64Array(8);
  private readonly advance = new Float64Array(8);
  private readonly prevRe = new Float64Array(8);
  private readonly prevIm = new Float64Array(8);
  /** DFT values two blocks back: amplitudes are taken only when a tone starts (hypot is dear). */
  private readonly olderRe = new Float64Array(8);
  private readonly olderIm = new Float64Array(8);
  private block = -1;
  private digit = -1;
  private startBlock = 0;
  private refAmp = 0;
  private ampSum = 0;
  private firstLowAmp = 0;
  private lowRun = 0;
  private validFrames = 0;
  private presentBlocks = 0;
  private phaseRowSum = 0;
  private phaseColSum = 0;
  private phaseCount = 0;
  private lastFull = false;
  private lastPhaseRow = 0;
  private lastPhaseCol = 0;

  constructor(private readonly analyser: BlockAnalyser) {
    for (let k = 0; k < 8; k++) {
      if (analyser.frequencies[k] !== DTMF_FREQUENCIES[k]) throw new Error('analyser must start with the DTMF frequencies');
      const omegaBlock = (2 * Math.PI * DTMF_FREQUENCIES[k]! * BLOCK) / ANALYSIS_RATE;
      this.rotRe[k] = Math.cos(omegaBlock);
      this.rotIm[k] = -Math.sin(omegaBlock);
      this.advance[k] = omegaBlock;
    }
  }

  /** Feed the analyser's latest block; returns a digit when a tone has just ended and passed. */
  next(previousEnergy: number): DecodedDigit | undefined {
    const { analyser } = this;
    this.block++;
    const candidate = this.candidate(previousEnergy);
    let decoded: DecodedDigit | undefined;
    if (this.digit >= 0) {
      const amp = this.digitAmplitude();
      if (candidate >= 0 && candidate !== this.digit && amp < 0.4 * this.refAmp) {
        decoded = this.finish();
      } else if (amp >= 0.4 * this.refAmp) {
        if (this.lowRun > 0) this.ampSum += this.firstLowAmp;
        this.lowRun = 0;
        this.ampSum += amp;
        this.presentBlocks++;
        if (candidate === this.digit) this.validFrames++;
        this.trackPhase(amp);
        if (amp > this.refAmp) this.refAmp = amp;
      } else {
        if (this.lowRun === 0) this.firstLowAmp = amp;
        this.lastFull = false;
        if (++this.lowRun >= DTMF_LIMITS.pauseBlocks) decoded = this.finish();
      }
    }
    if (this.digit < 0 && candidate >= 0) this.start(candidate);
    this.inTone = this.digit >= 0 && this.lowRun === 0;
    for (let k = 0; k < 8; k++) {
      this.olderRe[k] = this.prevRe[k]!;
      this.olderIm[k] = this.prevIm[k]!;
      this.prevRe[k] = analyser.re[k]!;
      this.prevIm[k] = analyser.im[k]!;
    }
    return decoded;
  }

  /** Validate the 20 ms frame ending with this block; returns the key index or -1. */
  private candidate(previousEnergy: number): number {
    const { analyser, rotRe, rotIm, prevRe, prevIm } = this;
    let bestRow = -1;
    let bestCol = -1;
    let rowPower = 0;
    let colPower = 0;
    let secondRow = 0;
    let secondCol = 0;
    for (let k = 0; k < 8; k++) {
      const re = prevRe[k]! + rotRe[k]! * analyser.re[k]! - rotIm[k]! * analyser.im[k]!;
      const im = prevIm[k]! + rotRe[k]! * analyser.im[k]! + rotIm[k]! * analyser.re[k]!;
      const power = re * re + im * im;
      if (k < 4) {
        if (power > rowPower) {
          secondRow = rowPower;
          rowPower = power;
          bestRow = k;
        } else if (power > secondRow) secondRow = power;
      } else if (power > colPower) {
        secondCol = colPower;
        colPower = power;
        bestCol = k;
      } else if (power > secondCol) secondCol = power;
    }
    const frameEnergy = previousEnergy + analyser.energy;
    // A full-frame sinusoid of amplitude A gives |X|^2 = (A·FRAME/2)^2.
    const minPower = (DTMF_LIMITS.minAmplitude * FRAME) ** 2 / 4;
    if (rowPower < minPower || colPower < minPower) return -1;
    if ((2 * (rowPower + colPower)) / (FRAME * frameEnergy) < DTMF_LIMITS.toneEnergyShare) return -1;
    if (rowPower > colPower * TWIST_NORMAL || colPower > rowPower * TWIST_REVERSE) return -1;
    if (secondRow > rowPower * RELATIVE_PEAK || secondCol > colPower * RELATIVE_PEAK) return -1;
    // Voiced speech that fakes a pair also carries their octaves; pure DTMF does not.
    if (analyser.powerOverRecent(2 * DTMF_FREQUENCIES[bestRow]!) > rowPower * SECOND_HARMONIC) return -1;
    if (analyser.powerOverRecent(2 * DTMF_FREQUENCIES[bestCol]!) > colPower * SECOND_HARMONIC) return -1;
    return bestRow * 4 + (bestCol - 4);
  }

  private start(key: number): void {
    this.digit = key;
    this.startBlock = this.block - 1;
    const row = key >> 2;
    const col = 4 + (key & 3);
    const current = this.digitAmplitude();
    // The leading partial block (two back) counts towards the duration by its amplitude share.
    const { prevRe, prevIm, olderRe, olderIm } = this;
    const previousRow = Math.hypot(prevRe[row]!, prevIm[row]!);
    const previousCol = Math.hypot(prevRe[col]!, prevIm[col]!);
    const olderRow = Math.hypot(olderRe[row]!, olderIm[row]!);
    const olderCol = Math.hypot(olderRe[col]!, olderIm[col]!);
    this.ampSum = olderRow + olderCol + previousRow + previousCol + current;
    this.refAmp = Math.max(current, previousRow + previousCol);
    this.presentBlocks = 2;
    this.validFrames = 1;
    this.lowRun = 0;
    this.phaseRowSum = 0;
    this.phaseColSum = 0;
    this.phaseCount = 0;
    this.lastFull = false;
    this.trackPhase(current);
  }

  /** Accumulate block-to-block phase advance of both tones on full blocks: the frequency offset. */
  private trackPhase(amp: number): void {
    const row = this.digit >> 2;
    const col = 4 + (this.digit & 3);
    const phaseRow = Math.atan2(this.analyser.im[row]!, this.analyser.re[row]!);
    const phaseCol = Math.atan2(this.analyser.im[col]!, this.analyser.re[col]!);
    const full = amp >= 0.8 * this.refAmp;
    if (full && this.lastFull) {
      this.phaseRowSum += wrap(phaseRow - this.lastPhaseRow - this.advance[row]!);
      this.phaseColSum += wrap(phaseCol - this.lastPhaseCol - this.advance[col]!);
      this.phaseCount++;
    }
    this.lastFull = full;
    this.lastPhaseRow = phaseRow;
    this.lastPhaseCol = phaseCol;
  }

  private digitAmplitude(): number {
    const row = this.digit >> 2;
    const col = 4 + (this.digit & 3);
    return Math.hypot(this.analyser.re[row]!, this.analyser.im[row]!) + Math.hypot(this.analyser.re[col]!, this.analyser.im[col]!);
  }

  /** End the current tone and apply the duration, frequency and validity tests. */
  private finish(): DecodedDigit | undefined {
    const key = this.digit;
    this.digit = -1;
    const ampSum = this.ampSum + (this.lowRun > 0 ? this.firstLowAmp : 0);
    this.lowRun = 0;
    const durationS = ((ampSum / this.refAmp) * BLOCK) / ANALYSIS_RATE;
    if (durationS < DTMF_LIMITS.minDurationS) return undefined;
    if (this.validFrames < 2 || this.validFrames < 0.6 * (this.presentBlocks - 1)) return undefined;
    if (this.phaseCount < 1) return undefined;
    const hzPerRadian = ANALYSIS_RATE / (2 * Math.PI * BLOCK);
    const rowHz = DTMF_ROWS[key >> 2]!;
    const colHz = DTMF_COLUMNS[key & 3]!;
    const rowDeviation = Math.abs((this.phaseRowSum / this.phaseCount) * hzPerRadian) / rowHz;
    const colDeviation = Math.abs((this.phaseColSum / this.phaseCount) * hzPerRadian) / colHz;
    if (rowDeviation > DTMF_LIMITS.maxDeviation || colDeviation > DTMF_LIMITS.maxDeviation) return undefined;
    return { key: KEYS[key]!, startBlock: this.startBlock };
  }
}

function wrap(radians: number): number {
  return radians - 2 * Math.PI * Math.round(radians / (2 * Math.PI));
}
