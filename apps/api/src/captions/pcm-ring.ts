/** The last few seconds of a session's PCM, so audio from before the engine heard speech can be replayed. */
export class PcmRing {
  private readonly samples: Int16Array;
  private readonly sampleRate: number;
  /** Samples ever written, and the session time just after the newest one. */
  private written = 0;
  private endS = 0;

  constructor(capacity: number, sampleRate: number) {
    this.samples = new Int16Array(capacity);
    this.sampleRate = sampleRate;
  }

  /** Append consecutive PCM that starts at `startS` seconds of the session. */
  write(pcm: Int16Array, startS: number): void {
    const capacity = this.samples.length;
    const tail = pcm.length > capacity ? pcm.subarray(pcm.length - capacity) : pcm;
    const at = this.written % capacity;
    const first = Math.min(tail.length, capacity - at);
    this.samples.set(tail.subarray(0, first), at);
    this.samples.set(tail.subarray(first), 0);
    this.written += pcm.length;
    this.endS = startS + pcm.length / this.sampleRate;
  }

  /** A copy of the held audio from `fromS` on (or from the oldest held sample), or null if none. */
  since(fromS: number): { pcm: Int16Array; startS: number } | null {
    const capacity = this.samples.length;
    const held = Math.min(this.written, capacity);
    const wanted = Math.min(held, Math.max(0, Math.round((this.endS - fromS) * this.sampleRate)));
    if (wanted === 0) return null;
    const pcm = new Int16Array(wanted);
    const startAt = (this.written - wanted) % capacity;
    const first = Math.min(wanted, capacity - startAt);
    pcm.set(this.samples.subarray(startAt, startAt + first));
    pcm.set(this.samples.subarray(0, wanted - first), first);
    return { pcm, startS: this.endS - wanted / this.sampleRate };
  }
}
