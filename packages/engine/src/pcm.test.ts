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

  it('sizes the result to each window, in the buffer of the longest so far', () => {
    const converter = createFloatConverter();
    const long = converter.toFloats(new Int16Array(8));
    const short = converter.toFloats(Int16Array.from([16384, 0, -16384]));
    expect(Array.from(short)).toEqual([0.5, 0, -0.5]);
    // A shorter window after a longer one reuses its memory (sessions of two window lengths share a thread).
    expect(short.buffer).toBe(long.buffer);
  });
});
