import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lowerPriority } from './priority.js';

describe('lowerPriority', () => {
  it('lowers a running process to the nice value, and never raises it back', async () => {
    const child = spawn('sleep', ['5']);
    try {
      expect(lowerPriority(child.pid!, 7)).toBe(true);
      expect(getPriority(child.pid!)).toBe(7);
      // Already lower than asked: left alone (raising it would need privileges, and is not the intent).
      expect(lowerPriority(child.pid!, 3)).toBe(false);
      expect(getPriority(child.pid!)).toBe(7);
    } finally {
      child.kill();
    }
  });

  it('answers false for 0, and for a process that is gone, without throwing', async () => {
    const child = spawn('true');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(lowerPriority(child.pid!, 5)).toBe(false);
    expect(lowerPriority(process.pid, 0)).toBe(false);
  });
});
