import { describe, expect, it } from 'vitest';
import { NoiseFloor } from './noise-floor.js';

describe('NoiseFloor', () => {
  it('settles on a steady background and falls quickly when it drops', () => {
    const floor = new NoiseFloor();
    for (let i = 0; i < 50; i++) floor.update(-40);
    expect(floor.db).toBe(-40);
    for (let i = 0; i < 10; i++) floor.update(-60);
    expect(floor.db).toBeCloseTo(-60, 1);
  });

  it('rises only slowly under speech peaks, so speech stays above it', () => {
    const floor = new NoiseFloor();
    floor.update(-60);
    for (let i = 0; i < 100; i++) floor.update(i % 4 === 0 ? -60 : -20);
    expect(floor.db).toBeLessThan(-55);
  });

  it('follows a background 15 dB louder within 8 s (2 dB/s)', () => {
    const floor = new NoiseFloor();
    floor.update(-60);
    for (let i = 0; i < 800; i++) floor.update(-45);
    expect(floor.db).toBe(-45);
  });
});
