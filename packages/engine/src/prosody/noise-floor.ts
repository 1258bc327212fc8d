/** Options of the adaptive noise floor; defaults suit 10 ms blocks. */
export interface NoiseFloorOptions {
  /** @default 0.02 dB per block (2 dB/s): how fast the floor creeps up under steady sound. */
  riseDb?: number;
  /** @default 0.5: share of the gap closed per block when the level drops below the floor. */
  fallShare?: number;
  /** @default -90: digital silence is clamped here so it never looks like a floor to beat. */
  minDb?: number;
}

/**
 * Tracks the background level as a minimum follower: it drops quickly into the quiet gaps between
 * words and rises slowly, so a steady noise becomes the floor while speech peaks stay above it.
 */
export function createNoiseFloor({ riseDb = 0.02, fallShare = 0.5, minDb = -90 }: NoiseFloorOptions = {}) {
  let floorDb = Number.NaN;
  return {
    /** Feed one block level (dBFS) and return the updated floor. */
    update(levelDb: number): number {
      const level = Math.max(minDb, levelDb);
      if (Number.isNaN(floorDb)) floorDb = level;
      else if (level < floorDb) floorDb += fallShare * (level - floorDb);
      else floorDb = Math.min(level, floorDb + riseDb);
      return floorDb;
    },
    /** Current floor in dBFS (NaN before the first block). */
    get db(): number {
      return floorDb;
    },
  };
}
