/**
 * Counts what each client address holds (sessions, streams, connections) against one limit. The
 * map only has entries for addresses holding something, so it stays as small as the live set.
 */
export class AddressCounter {
  private readonly counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Take one unit for `address`; false (and nothing taken) when it already holds `limit`. */
  tryAcquire(address: string): boolean {
    const held = this.counts.get(address) ?? 0;
    if (held >= this.limit) return false;
    this.counts.set(address, held + 1);
    return true;
  }

  /** Give one unit back. */
  release(address: string): void {
    const held = this.counts.get(address) ?? 0;
    if (held <= 1) this.counts.delete(address);
    else this.counts.set(address, held - 1);
  }

  /** Addresses holding anything. */
  get addresses(): number {
    return this.counts.size;
  }
}
