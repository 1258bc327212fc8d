/** Whether a cadenced call-progress tone means the far end is ringing or busy. */
export type CadenceKind = 'ringback' | 'busy';

/** One row of the region plan: a tone's frequencies and the on/off cadence it repeats. */
export interface CadencePlan {
  region: string;
  kind: CadenceKind;
  /** Component frequencies in Hz; each must carry a share of the tone's energy. */
  frequencies: readonly number[];
  /** Nominal cadence in seconds, alternating on, off, on, off ... (even length). */
  nominal: readonly number[];
  /** Accepted [min, max] seconds for each element of `nominal`: real exchanges drift. */
  ranges: readonly (readonly [number, number])[];
}

/**
 * Call-progress tone plans per region (ITU-T E.180 supplement values). Add a region by adding a
 * row; docs/call-state.md explains the columns. A plan matches only after one full cycle and the
 * start of the next burst, so a single burst never counts.
 */
export const CADENCE_PLANS: readonly CadencePlan[] = [
  { region: 'North America', kind: 'ringback', frequencies: [440, 480], nominal: [2, 4], ranges: [[0.8, 2.6], [2.5, 5.5]] },
  { region: 'North America', kind: 'busy', frequencies: [480, 620], nominal: [0.5, 0.5], ranges: [[0.3, 0.7], [0.3, 0.7]] },
  { region: 'North America (reorder)', kind: 'busy', frequencies: [480, 620], nominal: [0.25, 0.25], ranges: [[0.15, 0.35], [0.15, 0.35]] },
  { region: 'Europe', kind: 'ringback', frequencies: [425], nominal: [1, 4], ranges: [[0.7, 1.6], [2.5, 5.5]] },
  { region: 'Europe', kind: 'busy', frequencies: [425], nominal: [0.5, 0.5], ranges: [[0.3, 0.7], [0.3, 0.7]] },
  {
    region: 'United Kingdom',
    kind: 'ringback',
    frequencies: [400, 450],
    nominal: [0.4, 0.2, 0.4, 2],
    ranges: [[0.25, 0.6], [0.1, 0.35], [0.25, 0.6], [1.4, 2.8]],
  },
  { region: 'United Kingdom', kind: 'busy', frequencies: [400], nominal: [0.375, 0.375], ranges: [[0.25, 0.55], [0.25, 0.55]] },
];

/** Distinct frequency sets of the plans, so each tone family is measured once per frame. */
export function frequencySets(plans: readonly CadencePlan[]): number[][] {
  const seen = new Map<string, number[]>();
  for (const plan of plans) {
    const key = [...plan.frequencies].sort((a, b) => a - b).join('+');
    if (!seen.has(key)) seen.set(key, [...plan.frequencies].sort((a, b) => a - b));
  }
  return [...seen.values()];
}

/** Every frequency any plan uses, ascending. */
export function planFrequencies(plans: readonly CadencePlan[]): number[] {
  return [...new Set(plans.flatMap((plan) => plan.frequencies))].sort((a, b) => a - b);
}
