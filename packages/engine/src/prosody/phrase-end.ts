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
class PitchRing {
  count = 0;
  private readonly times: Float32Array;
  private readonly pitches: Float32Array;
  private next = 0;

  constructor(private readonly capacity: number) {
    this.times = new Float32Array(capacity);
    this.pitches = new Float32Array(capacity);
  }

  push(timeS: number, semitones: number): void {
    this.times[this.next] = timeS;
    this.pitches[this.next] = semitones;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  clear(): void {
    this.count = this.next = 0;
  }

  time(k: number): number {
    return this.times[this.slot(k)]!;
  }

  pitch(k: number): number {
    return this.pitches[this.slot(k)]!;
  }

  private slot(k: number): number {
    return (this.count === this.capacity ? this.next + k : k) % this.capacity;
  }
}

/**
 * Follows the pitch contour of the phrase being spoken and, when the caller says the phrase ended,
 * measures how it ended: a question's contour rises at the end, a statement's falls.
 */
export class PhraseEndTracker {
  private readonly run = new PitchRing(RUN_POINTS);
  private readonly phrase = new PitchRing(PHRASE_POINTS);

  /** Add a pitch point; `newRun` says voicing resumed after a gap, so the final run starts again. */
  add(timeS: number, semitones: number, newRun: boolean): void {
    if (newRun) this.run.clear();
    this.run.push(timeS, semitones);
    this.phrase.push(timeS, semitones);
  }

  /** The phrase has ended: measure its end and start the next phrase afresh (null if nothing was voiced). */
  end(): PhraseEnd | null {
    if (!this.phrase.count) return null;
    const measured = { slopeStPerS: this.slope(), riseSt: this.rise() };
    this.run.clear();
    this.phrase.clear();
    return measured;
  }

  private slope(): number {
    const { run } = this;
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

  private rise(): number {
    const { phrase } = this;
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
}
