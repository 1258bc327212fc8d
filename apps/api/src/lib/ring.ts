/**
 * Fixed-capacity ring, oldest overwritten first: the replay buffer's and the caption history's
 * storage, so a session holding 100 000 events never shifts an array.
 */
export class Ring<T> {
  private readonly slots: Array<T | undefined>;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.slots = new Array<T | undefined>(capacity);
  }

  /** Number of items held. */
  get length(): number {
    return this.size;
  }

  /** Keep an item, dropping the oldest when full. */
  push(item: T): void {
    if (this.size < this.capacity) {
      this.slots[(this.start + this.size) % this.capacity] = item;
      this.size += 1;
    } else {
      this.slots[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The `index`-th item held, oldest first (0 is the oldest), or undefined past the end. */
  at(index: number): T | undefined {
    return index >= 0 && index < this.size ? this.slots[(this.start + index) % this.capacity] : undefined;
  }

  /** Every item held, oldest first. */
  toArray(): T[] {
    return Array.from({ length: this.size }, (_, i) => this.slots[(this.start + i) % this.capacity]!);
  }

  /** Drop everything, releasing the items. */
  clear(): void {
    this.slots.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}
