import { describe, expect, it } from 'vitest';
import { percentile, SampleBuffer, summarise } from './stats.js';

describe('percentile', () => {
  it('takes the nearest rank, so p99 of 100 values is the 99th and p50 of 4 is the 2nd', () => {
    const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
  });

  it('answers the only value for any quantile and NaN for none', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('summarise', () => {
  it('sorts numerically (not as strings) before ranking', () => {
    expect(summarise([100, 9, 20, 3])).toEqual({ count: 4, p50: 9, p99: 100, max: 100 });
  });
});

describe('SampleBuffer', () => {
  it('keeps every pushed value in order across growth', () => {
    const buffer = new SampleBuffer();
    for (let i = 0; i < 3000; i++) buffer.push(i);
    const values = buffer.toArray();
    expect(buffer.length).toBe(3000);
    expect(values[0]).toBe(0);
    expect(values[2999]).toBe(2999);
  });
});
