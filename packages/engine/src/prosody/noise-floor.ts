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
export class NoiseFloor {
  /** Current floor in dBFS (NaN before the first block). */
  db = Number.NaN;
  private readonly riseDb: number;
  private readonly fallShare: number;
  private readonly minDb: number;

  constructor({ riseDb = 0.02, fallShare = 0.5, minDb = -90 }: NoiseFloorOptions = {}) {
    this.riseDb = riseDb;
    this.fallShare = fallShare;
    this.minDb = minDb;
  }

  /** Feed one block level (dBFS) and return the updated floor. */
  update(levelDb: number): number {
    const level = Math.max(this.minDb, levelDb);
    if (Number.isNaN(this.db)) this.db = level;
    else if (level < this.db) this.db += this.fallShare * (level - this.db);
    else this.db = Math.min(level, this.db + this.riseDb);
    return this.db;
  }
}
