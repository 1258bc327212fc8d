import { describe, expect, it } from 'vitest';
import { Scratch } from './scratch.js';

describe('Scratch', () => {
  it('hands out one buffer, grown only when a longer one is asked for', () => {
    const scratch = new Scratch((length) => new Float64Array(length));
    const first = scratch.take(100);
    expect(first.length).toBe(100);
    expect(scratch.take(40)).toBe(first);
    const grown = scratch.take(101);
    expect(grown).not.toBe(first);
    expect(grown.length).toBe(101);
    expect(scratch.take(100)).toBe(grown);
  });
});
