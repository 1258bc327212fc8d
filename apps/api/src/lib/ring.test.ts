import { describe, expect, it } from 'vitest';
import { Ring } from './ring.js';

describe('Ring', () => {
  it('keeps the newest items up to its capacity, oldest first, across several wraps', () => {
    const ring = new Ring<number>(3);
    for (let i = 0; i < 8; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect([ring.length, ring.at(0), ring.at(2), ring.at(3), ring.at(-1)]).toEqual([3, 5, 7, undefined, undefined]);
    ring.clear();
    expect([ring.length, ring.toArray(), ring.at(0)]).toEqual([0, [], undefined]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 1.5]) expect(() => new Ring(capacity)).toThrow(RangeError);
  });
});
