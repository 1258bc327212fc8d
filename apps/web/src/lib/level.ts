/** The meter's floor: anything quieter than this reads as 0. */
export const LEVEL_FLOOR_DBFS = -60;

/** Root mean square of Int16 PCM, scaled to 0..1 of full scale. */
export function rmsOfInt16(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]! / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/** Maps an RMS (0..1 of full scale) to a 0..1 meter level, linear in dBFS between the floor and 0 dBFS. */
export function levelFromRms(rms: number): number {
  if (!(rms > 0)) return 0;
  const dbfs = 20 * Math.log10(rms);
  const level = (dbfs - LEVEL_FLOOR_DBFS) / -LEVEL_FLOOR_DBFS;
  return Math.min(1, Math.max(0, level));
}
