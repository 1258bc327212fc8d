import type { CadencePlan } from './cadence-plans.js';

/** Completed segments kept: enough for the longest plan (4) plus a rotation's worth. */
const HISTORY = 8;

/**
 * The recent on/off segments of call-progress tones and the region-plan matching over them.
 * Families are indices into the caller's list of frequency families.
 */
export class CadenceHistory {
  /** Segment durations in seconds, oldest first, alternating on/off; parallel arrays below. */
  private readonly durations: number[] = [];
  private readonly isOn: boolean[] = [];
  private readonly families: number[] = [];

  constructor(private readonly plansByFamily: readonly (readonly CadencePlan[])[]) {}

  /** Record a finished segment; `family` is the tone family of a burst (ignored for off periods). */
  push(on: boolean, seconds: number, family: number): void {
    this.durations.push(seconds);
    this.isOn.push(on);
    this.families.push(family);
    if (this.durations.length > HISTORY) {
      this.durations.shift();
      this.isOn.shift();
      this.families.shift();
    }
  }

  /** Family of the latest burst, or -1. */
  lastBurstFamily(): number {
    for (let i = this.isOn.length - 1; i >= 0; i--) if (this.isOn[i]) return this.families[i]!;
    return -1;
  }

  /**
   * The plan whose full cycle matches the most recent segments (which end with an off period), in
   * any rotation that starts on a burst: the cycle may have been entered mid-pattern. `fit` is the
   * mean distance of each segment from the plan's nominal value as a share of its accepted range
   * (0 = exactly nominal, 1 = at the range's edge).
   */
  match(): { plan: CadencePlan; fit: number } | undefined {
    const { durations, isOn, families } = this;
    for (let family = 0; family < this.plansByFamily.length; family++) {
      for (const plan of this.plansByFamily[family]!) {
        const length = plan.ranges.length;
        if (durations.length < length) continue;
        const from = durations.length - length;
        if (!isOn[from]) continue;
        for (let rotation = 0; rotation < length; rotation += 2) {
          let ok = true;
          let deviation = 0;
          for (let i = 0; ok && i < length; i++) {
            const element = (i + rotation) % length;
            const [min, max] = plan.ranges[element]!;
            const nominal = plan.nominal[element]!;
            const at = from + i;
            if (durations[at]! < min || durations[at]! > max) ok = false;
            if (isOn[at] && families[at] !== family) ok = false;
            deviation += Math.abs(durations[at]! - nominal) / Math.max(nominal - min, max - nominal);
          }
          if (ok) return { plan, fit: deviation / length };
        }
      }
    }
    return undefined;
  }
}
