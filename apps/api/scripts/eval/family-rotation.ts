import type { ToneScorer } from '@linnet/engine';

/**
 * The models of `pnpm eval`'s leave-one-family-out rotations, each fitted once per set of left-out families
 * (whatever their order), and a tally of the work they did, so the summary line reports what was fitted and
 * streamed rather than assuming it.
 */
export class RotationModels {
  private readonly scorers = new Map<string, ToneScorer>();
  /** Files streamed again through one of these models. */
  filesStreamed = 0;

  /** `fit(without)`: the shipped model's recipe refitted on every family but `without`. */
  constructor(private readonly fit: (without: readonly string[]) => ToneScorer) {}

  /** The model fitted without `without`, fitted on first use. */
  without(...without: string[]): ToneScorer {
    const key = [...without].sort().join(',');
    let scorer = this.scorers.get(key);
    if (!scorer) this.scorers.set(key, (scorer = this.fit(without)));
    return scorer;
  }

  /** Models fitted so far. */
  get fitted(): number {
    return this.scorers.size;
  }

  /** Counts `files` as streamed again, and returns them. */
  streamed<T>(files: T[]): T[] {
    this.filesStreamed += files.length;
    return files;
  }
}
