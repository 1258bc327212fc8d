// A syllable nucleus must stand this far above the dips on both sides of it.
const NUCLEUS_PROMINENCE_DB = 2.5;
// Syllables closer than 80 ms are one syllable with a wobble.
const MIN_NUCLEUS_GAP_FRAMES = 8;
const QUIET_DB = -100;

/**
 * Counts syllable nuclei as peaks of the smoothed voiced-energy envelope that are prominent on both
 * sides (a hysteresis peak picker); state carries across windows so a syllable split by a window
 * boundary counts once.
 */
export class SyllableCounter {
  private envelope = QUIET_DB;
  private dipDb = QUIET_DB;
  private peakDb = QUIET_DB;
  private rising = false;
  private framesSincePeak = MIN_NUCLEUS_GAP_FRAMES;

  /** Feed one frame; returns 1 when a nucleus has just been confirmed, else 0. */
  frame(levelDb: number, voiced: boolean): number {
    const envelope = (this.envelope += 0.5 * ((voiced ? levelDb : QUIET_DB) - this.envelope));
    this.framesSincePeak++;
    if (!this.rising) {
      if (envelope < this.dipDb) this.dipDb = envelope;
      else if (envelope > this.dipDb + NUCLEUS_PROMINENCE_DB) {
        this.rising = true;
        this.peakDb = envelope;
      }
      return 0;
    }
    if (envelope > this.peakDb) {
      this.peakDb = envelope;
      return 0;
    }
    if (envelope >= this.peakDb - NUCLEUS_PROMINENCE_DB) return 0;
    this.rising = false;
    this.dipDb = envelope;
    if (this.framesSincePeak < MIN_NUCLEUS_GAP_FRAMES) return 0;
    this.framesSincePeak = 0;
    return 1;
  }
}
