import { describe, expect, it } from 'vitest';
import { createFloatConverter } from './pcm.js';

describe('createFloatConverter', () => {
  it('scales Int16 samples to -1..1', () => {
    const converter = createFloatConverter();
    expect(Array.from(converter.toFloats(Int16Array.from([0, 16384, -32768, 32767])))).toEqual([0, 0.5, -1, 32767 / 32768]);
  });

  it('reuses one buffer for windows of the same length', () => {
    const converter = createFloatConverter();
    const first = converter.toFloats(new Int16Array(4));
    expect(converter.toFloats(Int16Array.from([8192, 0, 0, 0]))).toBe(first);
    expect(first[0]).toBe(0.25);
  });

  it('sizes the result to each window', () => {
    const converter = createFloatConverter();
    converter.toFloats(new Int16Array(8));
    expect(converter.toFloats(new Int16Array(3))).toHaveLength(3);
  });
});
