import { describe, expect, it } from 'vitest';
import { PcmRing } from './pcm-ring.js';

const ramp = (from: number, length: number) => Int16Array.from({ length }, (_, i) => from + i);

describe('PcmRing', () => {
  it('gives back the audio since a time, placed on the session clock', () => {
    const ring = new PcmRing(10, 10);
    ring.write(ramp(0, 4), 0);
    ring.write(ramp(4, 4), 0.4);
    expect(ring.since(0.5)).toEqual({ pcm: ramp(5, 3), startS: 0.5 });
  });

  it('keeps only the newest samples once it wraps, and starts from the oldest it holds', () => {
    const ring = new PcmRing(10, 10);
    for (let i = 0; i < 4; i++) ring.write(ramp(i * 4, 4), i * 0.4);
    const held = ring.since(0)!;
    expect(held.pcm).toEqual(ramp(6, 10));
    expect(held.startS).toBeCloseTo(0.6);
  });

  it('has nothing for a time at or after its newest sample', () => {
    const ring = new PcmRing(10, 10);
    expect(ring.since(0)).toBeNull();
    ring.write(ramp(0, 4), 0);
    expect(ring.since(0.4)).toBeNull();
  });
});
