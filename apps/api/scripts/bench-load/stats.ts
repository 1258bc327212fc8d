import { percentile } from '../../src/lib/percentile.js';

export { percentile };

/** Distribution of one measured quantity, in the unit it was recorded in. */
export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Count, p50, p99 and max of unsorted values (sorted in place). */
export function summarise(values: number[] | Float64Array): Summary {
  const sorted = values instanceof Float64Array ? values.sort() : Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** Append-only numbers in a growing Float64Array: hundreds of thousands of samples without boxing. */
export class SampleBuffer {
  private data = new Float64Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  /** A copy of the samples so far. */
  toArray(): Float64Array {
    return this.data.slice(0, this.size);
  }
}
