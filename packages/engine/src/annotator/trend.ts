import type { ShiftDirection } from '@linnet/shared';

/**
 * How one speaker's shift magnitude (distance from their usual voice, 0..1 per window) is turned into a direction
 * (docs/tone.md, "shift_direction"). The recent level is compared with a reference level of the windows before it.
 */
export interface ShiftTrendOptions {
  /** Weight of the newest magnitude in the recent level (1: the window alone). */
  recentWeight: number;
  /** Weight of the newest magnitude in the reference level the next window is compared with. */
  referenceWeight: number;
  /** The recent level this far above (below) the reference starts `escalating` (`de-escalating`). */
  enterAt: number;
  /** A direction lasts while the recent level stays this far past the reference on its side. */
  exitAt: number;
  /**
   * Windows of a voice that only build the levels: a young baseline's distances fall as it learns the voice, which
   * is not the voice changing.
   */
  warmupWindows: number;
  /**
   * Windows said with no confidence (a baseline still settling on the voice, LABEL_CONFIDENCE.settleWindows) measure
   * the baseline, not the voice: they leave the levels alone and have no direction.
   */
  settledOnly: boolean;
}

/** The direction as it was shipped until 2 Dec 2026: each window against an even running level of the ones before. */
export const WINDOW_TREND: Readonly<ShiftTrendOptions> = { recentWeight: 1, referenceWeight: 0.5, enterAt: 0.1, exitAt: 0.1, warmupWindows: 0, settledOnly: false };

/**
 * The direction the engine ships (docs/tone.md, "The trend line"): the recent level against about the last 20 s, chosen
 * on tuning streams by `scripts/eval/trend.ts --grid`; `pnpm eval` gates it on held-out ones (`trend.ts heldout --gate`).
 */
export const SHIFT_TREND: Readonly<ShiftTrendOptions> = {
  recentWeight: 0.35,
  referenceWeight: 0.05,
  enterAt: 0.15,
  exitAt: 0.15,
  warmupWindows: 6,
  settledOnly: true,
};

/** The direction tracker of one speaker. */
export class ShiftTrend {
  private recent: number | undefined;
  private reference = 0;
  private direction: ShiftDirection = 'stable';
  private windows = 0;

  constructor(private readonly options: Readonly<ShiftTrendOptions>) {}

  /** The direction after one more window's magnitude and confidence. A first window is compared with 0 (the usual voice). */
  next(magnitude: number, confidence: number): ShiftDirection {
    const { recentWeight, referenceWeight, enterAt, exitAt, warmupWindows, settledOnly } = this.options;
    if (settledOnly && confidence <= 0) return 'stable';
    const previous = this.recent;
    const recent = previous === undefined ? magnitude : previous + recentWeight * (magnitude - previous);
    this.recent = recent;
    const delta = recent - this.reference;
    if (this.direction === 'escalating' && delta > exitAt) this.direction = 'escalating';
    else if (this.direction === 'de-escalating' && delta < -exitAt) this.direction = 'de-escalating';
    else if (delta > enterAt) this.direction = 'escalating';
    else if (delta < -enterAt) this.direction = 'de-escalating';
    else this.direction = 'stable';
    if (++this.windows <= warmupWindows) this.direction = 'stable';
    this.reference = previous === undefined ? magnitude : this.reference + referenceWeight * (magnitude - this.reference);
    return this.direction;
  }
}

