import { describe, expect, it } from 'vitest';
import { createFrameAnalyser } from './frames.js';
import { RATE, sine, voice, whiteNoise } from './test-signals.js';
import { createWindowSummariser } from './window-features.js';

function speechFlags(signal: Float32Array): boolean[] {
  const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 1000 });
  const summariser = createWindowSummariser(101);
  const flags: boolean[] = [];
  for (let at = 0; at + RATE <= signal.length; at += RATE) flags.push(summariser.summarise(frames.analyse(signal.subarray(at, at + RATE))).speech);
  return flags;
}

describe('createWindowSummariser', () => {
  it('finds no speech in digital silence', () => {
    expect(speechFlags(new Float32Array(3 * RATE))).toEqual([false, false, false]);
  });

  it('finds no speech in loud white noise', () => {
    expect(speechFlags(whiteNoise(3, 0.3))).toEqual([false, false, false]);
  });

  it('finds no speech in a steady tone', () => {
    expect(speechFlags(sine(440, 3))).toEqual([false, false, false]);
  });

  it('finds speech in a voiced, syllable-modulated signal, also over noise', () => {
    expect(speechFlags(voice(3))).toEqual([true, true, true]);
    const hiss = whiteNoise(3, 0.02);
    const noisy = voice(3).map((sample, i) => sample + hiss[i]!);
    expect(speechFlags(noisy)).toEqual([true, true, true]);
  });
});
