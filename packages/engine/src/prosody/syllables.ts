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
export function createSyllableCounter() {
  let envelope = QUIET_DB;
  let dipDb = QUIET_DB;
  let peakDb = QUIET_DB;
  let rising = false;
  let framesSincePeak = MIN_NUCLEUS_GAP_FRAMES;
  return {
    /** Feed one frame; returns 1 when a nucleus has just been confirmed, else 0. */
    frame(levelDb: number, voiced: boolean): number {
      envelope += 0.5 * ((voiced ? levelDb : QUIET_DB) - envelope);
      framesSincePeak++;
      if (!rising) {
        if (envelope < dipDb) dipDb = envelope;
        else if (envelope > dipDb + NUCLEUS_PROMINENCE_DB) {
          rising = true;
          peakDb = envelope;
        }
        return 0;
      }
      if (envelope > peakDb) {
        peakDb = envelope;
        return 0;
      }
      if (envelope >= peakDb - NUCLEUS_PROMINENCE_DB) return 0;
      rising = false;
      dipDb = envelope;
      if (framesSincePeak < MIN_NUCLEUS_GAP_FRAMES) return 0;
      framesSincePeak = 0;
      return 1;
    },
  };
}
