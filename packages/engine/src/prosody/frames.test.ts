import { describe, expect, it } from 'vitest';
import { createFrameAnalyser } from './frames.js';
import { RATE, voice } from './test-signals.js';
import { createWindowSummariser } from './window-features.js';

function summarise(signal: Float32Array) {
  const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 1000 });
  const summariser = createWindowSummariser(101);
  const out = [];
  for (let at = 0; at + RATE <= signal.length; at += RATE) out.push(summariser.summarise(frames.analyse(signal.subarray(at, at + RATE))));
  return out;
}

describe('createFrameAnalyser', () => {
  it('reports a louder copy louder by the gain in dB', () => {
    const quiet = summarise(voice(3, 140, 0.05)).at(-1)!;
    const loud = summarise(voice(3, 140, 0.05 * 10 ** (9 / 20))).at(-1)!;
    expect(loud.loudnessDb - quiet.loudnessDb).toBeCloseTo(9, 0);
  });

  it('keeps the frame level of a 0.5 amplitude sine at -9 dBFS', () => {
    const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 1000 });
    const signal = Float32Array.from({ length: RATE }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 200 * i) / RATE));
    const track = frames.analyse(signal);
    expect(track.levelDb[50]).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1);
  });
});

describe('createFrameAnalyser buffers', () => {
  it('analyses a window longer than the session window whole instead of cutting it', () => {
    const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 500 });
    expect(frames.analyse(new Float32Array(RATE * 2)).count).toBe(200);
    expect(frames.analyse(new Float32Array(RATE / 2)).count).toBe(50);
  });
});
