import { DEFAULT_MIN_CONFIDENCE } from '../engine.js';
import { CONFIDENCE_CALIBRATION, CONFIDENCE_CALIBRATION_PHONE } from './confidence-calibration-table.js';

/** A calibration map of one label: raw confidences (ascending) and the observed precision at each. */
export interface CalibrationKnots {
  raw: readonly number[];
  precision: readonly number[];
}
/** Calibration maps by label. */
export type CalibrationTable = Readonly<Record<string, CalibrationKnots>>;

function interpolate({ raw: xs, precision: ys }: CalibrationKnots, raw: number): number {
  if (raw <= xs[0]!) return ys[0]!;
  const last = xs.length - 1;
  if (raw >= xs[last]!) return ys[last]!;
  let i = 1;
  while (xs[i]! < raw) i++;
  return ys[i - 1]! + ((raw - xs[i - 1]!) / (xs[i]! - xs[i - 1]!)) * (ys[i]! - ys[i - 1]!);
}

/** The calibration maps a window is quoted through: the phone line's own when it was heard through one. */
export function calibrationTableFor(narrowband: boolean): CalibrationTable {
  return narrowband ? CONFIDENCE_CALIBRATION_PHONE : CONFIDENCE_CALIBRATION;
}

/**
 * A label's rule confidence as the share of such windows that were right on the tuning families
 * (linear between the fitted knots, flat beyond them), for windows the rules show. Whether a label is
 * shown stays the rules' decision: a window under `DEFAULT_MIN_CONFIDENCE` keeps its raw confidence,
 * and one at or above it is never mapped below it, so a label right less often than that is shown at
 * the bar ("possibly", 50 %) rather than hidden (docs/tone.md, "Calibration" says what that costs).
 * Labels outside the table (sidecar labels) keep their confidence.
 */
export function calibrateConfidence(label: string, raw: number, table: CalibrationTable = CONFIDENCE_CALIBRATION): number {
  if (raw < DEFAULT_MIN_CONFIDENCE) return raw;
  return Math.max(DEFAULT_MIN_CONFIDENCE, observedPrecision(label, raw, table));
}

/**
 * The calibration map without the floor: the share of such windows that were right on the tuning
 * families, even when under `DEFAULT_MIN_CONFIDENCE` (what a shown label would say if the app quoted it
 * as it is; `pnpm eval` reports it beside the floored figures). Labels outside the table keep `raw`.
 */
export function observedPrecision(label: string, raw: number, table: CalibrationTable = CONFIDENCE_CALIBRATION): number {
  const knots = table[label];
  return knots?.raw.length ? interpolate(knots, raw) : raw;
}
