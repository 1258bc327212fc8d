/** How a phrase ended: final slope and final rise of its pitch contour. */
export interface PhraseEnd {
  /** Least-squares slope of the last ≤ 200 ms of the final voiced run, semitones per second (NaN if too short). */
  slopeStPerS: number;
  /** Last pitch minus the lowest of the phrase's last ~300 ms, over 3-point medians, semitones (NaN if too short). */
  riseSt: number;
}

// Pitch points arrive every 20 ms: 10 points span the last 200 ms of the final run.
const RUN_POINTS = 10;
// 15 points span ~300 ms of the phrase, across short consonant gaps.
const PHRASE_POINTS = 15;
const MIN_RUN_POINTS = 4;
const MIN_PHRASE_POINTS = 5;

/** A fixed ring of the most recent pitch points (time, semitones), read oldest first. */
function createRing(capacity: number) {
  const times = new Float32Array(capacity);
  const pitches = new Float32Array(capacity);
  let count = 0;
  let next = 0;
  return {
    push(timeS: number, semitones: number) {
      times[next] = timeS;
      pitches[next] = semitones;
      next = (next + 1) % capacity;
      count = Math.min(capacity, count + 1);
    },
    clear() {
      count = next = 0;
    },
    get count() {
      return count;
    },
    time: (k: number) => times[(count === capacity ? next + k : k) % capacity]!,
    pitch: (k: number) => pitches[(count === capacity ? next + k : k) % capacity]!,
  };
}

/**
 * Follows the pitch contour of the phrase being spoken and, when the caller says the phrase ended,
 * measures how it ended: a question's contour rises at the end, a statement's falls.
 */
export function createPhraseEndTracker() {
  const run = createRing(RUN_POINTS);
  const phrase = createRing(PHRASE_POINTS);

  function slope(): number {
    const n = run.count;
    if (n < MIN_RUN_POINTS) return Number.NaN;
    let meanT = 0;
    let meanP = 0;
    for (let k = 0; k < n; k++) {
      meanT += run.time(k);
      meanP += run.pitch(k);
    }
    meanT /= n;
    meanP /= n;
    let covariance = 0;
    let variance = 0;
    for (let k = 0; k < n; k++) {
      const dt = run.time(k) - meanT;
      covariance += dt * (run.pitch(k) - meanP);
      variance += dt * dt;
    }
    return variance > 0 ? covariance / variance : Number.NaN;
  }

  function rise(): number {
    const n = phrase.count;
    if (n < MIN_PHRASE_POINTS) return Number.NaN;
    let lowest = Infinity;
    let last = 0;
    // 3-point medians, so a single octave slip of the pitch tracker does not look like a rise.
    for (let k = 1; k < n - 1; k++) {
      const a = phrase.pitch(k - 1);
      const b = phrase.pitch(k);
      const c = phrase.pitch(k + 1);
      last = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
      lowest = Math.min(lowest, last);
    }
    return last - lowest;
  }

  return {
    /** Add a pitch point; `newRun` says voicing resumed after a gap, so the final run starts again. */
    add(timeS: number, semitones: number, newRun: boolean) {
      if (newRun) run.clear();
      run.push(timeS, semitones);
      phrase.push(timeS, semitones);
    },
    /** The phrase has ended: measure its end and start the next phrase afresh (null if nothing was voiced). */
    end(): PhraseEnd | null {
      if (!phrase.count) return null;
      const measured = { slopeStPerS: slope(), riseSt: rise() };
      run.clear();
      phrase.clear();
      return measured;
    },
  };
}
