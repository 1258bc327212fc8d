import type { BlockAnalyser } from './block-analyser.js';
import { BLOCK } from './block-analyser.js';
import type { CadencePlan } from './cadence-plans.js';
import { CadenceHistory } from './cadence-history.js';
import { ANALYSIS_RATE } from './decimator.js';

/** Blocks per call-progress frame: 50 ms gives 20 Hz resolution (400 vs 425 vs 450 Hz). */
const SPAN = 5;
/** Share of the frame's energy a tone family must carry to count as sounding. */
const TONE_SHARE = 0.7;
/** Each component of a multi-frequency family must carry this share of the family's power. */
const COMPONENT_SHARE = 0.2;
/** Blocks a change must persist before the on/off state flips (debounce). */
const DEBOUNCE = 3;

/** A cadence that has just been recognised. */
export interface CadenceMatch {
  plan: CadencePlan;
  /** Block index at which the repeating burst began. */
  block: number;
  /** Confidence from how close the cycle was to the plan's nominal cadence (0.65..0.95). */
  confidence: number;
}

/**
 * Measures call-progress tone families on 50 ms frames every 10 ms and matches the on/off
 * cadence against the region plans.
 */
export class CallProgressTracker {
  /** The tone is sounding in this block (debounced). */
  on = false;
  /** Block index where the last burst ended (or -1). */
  private lastOffBlock = -1;
  private readonly families: { indices: number[]; plans: CadencePlan[] }[];
  private readonly firstIndex: number;
  private readonly count: number;
  private readonly ringRe: Float64Array;
  private readonly ringIm: Float64Array;
  private readonly ringEnergy = new Float64Array(SPAN);
  private readonly rotRe: Float64Array;
  private readonly rotIm: Float64Array;
  private readonly power: Float64Array;
  private block = -1;
  private rawRun = 0;
  private segmentStart = 0;
  private familyVotes: Int32Array;
  private readonly familyMaxOff: number[];
  /** Family of the last completed burst, or -1. */
  private lastFamily = -1;
  private readonly history: CadenceHistory;

  constructor(
    private readonly analyser: BlockAnalyser,
    plans: readonly CadencePlan[],
  ) {
    const frequencies = analyser.frequencies;
    const cptFrequencies = [...new Set(plans.flatMap((plan) => plan.frequencies))].sort((a, b) => a - b);
    this.firstIndex = frequencies.indexOf(cptFrequencies[0]!);
    this.count = cptFrequencies.length;
    cptFrequencies.forEach((f, i) => {
      if (frequencies[this.firstIndex + i] !== f) throw new Error('analyser must hold the plan frequencies contiguously');
    });
    const byKey = new Map<string, { indices: number[]; plans: CadencePlan[] }>();
    for (const plan of plans) {
      const sorted = [...plan.frequencies].sort((a, b) => a - b);
      const key = sorted.join('+');
      if (!byKey.has(key)) byKey.set(key, { indices: sorted.map((f) => cptFrequencies.indexOf(f)), plans: [] });
      byKey.get(key)!.plans.push(plan);
    }
    this.families = [...byKey.values()];
    this.familyVotes = new Int32Array(this.families.length);
    this.history = new CadenceHistory(this.families.map((family) => family.plans));
    this.familyMaxOff = this.families.map(({ plans: familyPlans }) =>
      Math.max(...familyPlans.flatMap((plan) => plan.ranges.filter((_, i) => i % 2 === 1).map(([, max]) => max))),
    );
    this.ringRe = new Float64Array(SPAN * this.count);
    this.ringIm = new Float64Array(SPAN * this.count);
    this.rotRe = new Float64Array(this.count);
    this.rotIm = new Float64Array(this.count);
    this.power = new Float64Array(this.count);
    cptFrequencies.forEach((f, i) => {
      const omegaBlock = (2 * Math.PI * f * BLOCK) / ANALYSIS_RATE;
      this.rotRe[i] = Math.cos(omegaBlock);
      this.rotIm[i] = -Math.sin(omegaBlock);
    });
  }

  /** Feed the analyser's latest block; returns a match when a repeating cadence is recognised. */
  next(): CadenceMatch | undefined {
    const family = this.measure();
    const raw = family >= 0;
    if (raw === this.on) {
      this.rawRun = 0;
      if (this.on) this.familyVotes[family]!++;
      return undefined;
    }
    if (++this.rawRun < DEBOUNCE) return undefined;
    // The state flips: the segment that just ended began DEBOUNCE blocks before the previous flip.
    const flipBlock = this.block - DEBOUNCE + 1;
    const endedOn = this.on;
    if (this.block >= DEBOUNCE && this.segmentStart >= 0) {
      this.history.push(endedOn, ((flipBlock - this.segmentStart) * BLOCK) / ANALYSIS_RATE, this.votedFamily());
    }
    this.on = raw;
    this.rawRun = 0;
    this.segmentStart = flipBlock;
    this.familyVotes.fill(0);
    if (raw) this.familyVotes[family]! += DEBOUNCE;
    if (endedOn) {
      this.lastOffBlock = flipBlock;
      this.lastFamily = this.history.lastBurstFamily();
      return undefined;
    }
    // A burst has just begun again: does the completed cycle before it match a plan?
    const match = this.history.match();
    if (!match) return undefined;
    return { plan: match.plan, block: flipBlock, confidence: Math.round((0.95 - 0.3 * match.fit) * 100) / 100 };
  }

  /** Seconds of silence since the last burst ended, or 0 while a burst sounds. */
  gapSeconds(): number {
    if (this.on || this.lastOffBlock < 0) return 0;
    return ((this.block - this.lastOffBlock + 1) * BLOCK) / ANALYSIS_RATE;
  }

  /**
   * True in the off period after a burst of a known tone family while a plan for that family could
   * still bring the next burst (longest allowed off period + 0.3 s).
   */
  inToneGap(): boolean {
    if (this.on || this.lastOffBlock < 0 || this.lastFamily < 0) return false;
    return this.gapSeconds() <= this.familyMaxOff[this.lastFamily]! + 0.3;
  }

  /** Index of the family sounding in the 50 ms frame ending now, or -1. */
  private measure(): number {
    const { analyser, ringRe, ringIm, ringEnergy, count, power, rotRe, rotIm } = this;
    this.block++;
    const slot = this.block % SPAN;
    for (let i = 0; i < count; i++) {
      ringRe[slot * count + i] = analyser.re[this.firstIndex + i]!;
      ringIm[slot * count + i] = analyser.im[this.firstIndex + i]!;
    }
    ringEnergy[slot] = analyser.energy;
    if (this.block < SPAN - 1) return -1;
    let energy = 0;
    for (let s = 0; s < SPAN; s++) energy += ringEnergy[s]!;
    if (energy < 1e-7) return -1;
    // Coherent sum over the last SPAN blocks, oldest first, each rotated to the frame's time base.
    for (let i = 0; i < count; i++) {
      let re = 0;
      let im = 0;
      for (let s = 0; s < SPAN; s++) {
        const at = ((this.block - s) % SPAN) * count + i;
        // Horner form: X = X_oldest + rot·(X_next + rot·(...)), built from the newest outward.
        const nextRe = ringRe[at]! + rotRe[i]! * re - rotIm[i]! * im;
        const nextIm = ringIm[at]! + rotRe[i]! * im + rotIm[i]! * re;
        re = nextRe;
        im = nextIm;
      }
      power[i] = re * re + im * im;
    }
    const norm = 2 / (SPAN * BLOCK * energy);
    let best = -1;
    let bestShare = TONE_SHARE;
    for (let f = 0; f < this.families.length; f++) {
      const { indices } = this.families[f]!;
      let familyPower = 0;
      for (const i of indices) familyPower += power[i]!;
      let balanced = true;
      for (const i of indices) if (power[i]! < COMPONENT_SHARE * familyPower) balanced = false;
      const share = familyPower * norm;
      if (balanced && share > bestShare) {
        bestShare = share;
        best = f;
      }
    }
    return best;
  }

  private votedFamily(): number {
    let best = -1;
    let votes = 0;
    for (let f = 0; f < this.familyVotes.length; f++) {
      if (this.familyVotes[f]! > votes) {
        votes = this.familyVotes[f]!;
        best = f;
      }
    }
    return best;
  }
}
