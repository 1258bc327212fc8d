/**
 * A work buffer shared by every engine of one thread (a worker thread or a browser Worker runs many
 * sessions' engines, one window at a time). An engine holds only the few samples it must carry
 * from one window to the next; the window-sized arrays it works in belong to the thread, so a
 * session costs a few kilobytes instead of a quarter of a megabyte, and its first window does not
 * allocate and fault in fresh pages (at 1,000 sessions starting together, that made each first
 * window cost twice a later one, docs/performance.md).
 *
 * The contents are valid only until the next `take` of the same buffer: take it, use it and let go
 * of it inside one synchronous `analyse`, and never keep a reference across windows.
 */
export class Scratch<T extends Float32Array | Float64Array> {
  private buffer: T;

  constructor(private readonly make: (length: number) => T) {
    this.buffer = make(0);
  }

  /** At least `length` elements of undefined contents, for use before this thread's next `take`. */
  take(length: number): T {
    if (this.buffer.length < length) this.buffer = this.make(length);
    return this.buffer;
  }
}
