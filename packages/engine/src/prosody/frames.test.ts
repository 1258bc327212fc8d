import { describe, expect, it } from 'vitest';
import { createFrameAnalyser } from './frames.js';
import { phoneVoice, RATE, turns, voice } from './test-signals.js';
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

/**
 * Pitch of every frame that has one after the first second (in semitones re `hz`), and whether the last
 * window was taken for a phone line (the detector needs 0.5 s of sound).
 */
function pitchTrack(signal: Float32Array, hz: number): { semitones: number[]; narrowband: boolean } {
  const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 1000 });
  const summariser = createWindowSummariser(101);
  const semitones: number[] = [];
  let narrowband = false;
  for (let at = 0; at + RATE <= signal.length; at += RATE) {
    const track = frames.analyse(signal.subarray(at, at + RATE));
    if (at === 0) continue;
    for (let i = 0; i < track.count; i++) if (track.f0Hz[i]! > 0) semitones.push(12 * Math.log2(track.f0Hz[i]! / hz));
    // What the labeller is told (it picks the calibration map by it).
    narrowband = summariser.summarise(track).narrowband;
  }
  return { semitones, narrowband };
}
const share = (semitones: number[], test: (st: number) => boolean) => semitones.filter(test).length / semitones.length;

describe('createFrameAnalyser pitch without the fundamental (a phone line)', () => {
  // Without the fundamental, YIN takes the harmonic nearest the first formant for F0 on these voices on
  // 26-45 % of frames (x2 or x4: 12 or 24 st up; measured with the plain tracker alone).
  it.each([
    ['120 Hz, first formant 500 Hz', 120, 500],
    ['150 Hz, first formant 600 Hz', 150, 600],
    ['210 Hz, first formant 800 Hz', 210, 800],
  ])('does not take a harmonic an octave or more up for F0 on a voice at %s', (_, hz, formant) => {
    const { semitones, narrowband } = pitchTrack(phoneVoice(4, hz, formant), hz);
    expect(semitones.length).toBeGreaterThan(40);
    expect(share(semitones, (st) => st > 10)).toBeLessThan(0.03);
    expect(narrowband).toBe(true);
  });

  it.each([100, 140, 220])('takes a full voice at %s Hz for full band and tracks it as before', (hz) => {
    const { semitones, narrowband } = pitchTrack(voice(4, hz), hz);
    expect(narrowband).toBe(false);
    // The voice glides 12 % (2 st) either side of F0.
    expect(share(semitones, (st) => Math.abs(st) < 2.5)).toBeGreaterThan(0.95);
  });
});

describe('createFrameAnalyser buffers', () => {
  it('analyses a window longer than the session window whole instead of cutting it', () => {
    const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 500 });
    expect(frames.analyse(new Float32Array(RATE * 2)).count).toBe(200);
    expect(frames.analyse(new Float32Array(RATE / 2)).count).toBe(50);
  });
});

describe('createFrameAnalyser with two voices taking turns, one near and one on a phone line', () => {
  const order = ['near', 'far', 'near', 'far'] as const;
  const frames = createFrameAnalyser({ sampleRate: RATE, windowMs: 1000 });
  const summariser = createWindowSummariser(101);
  const signal = turns(order);
  const windows = Array.from({ length: signal.length / RATE }, (_, w) => {
    const track = frames.analyse(signal.subarray(w * RATE, (w + 1) * RATE));
    const f0 = Array.from(track.f0Hz.subarray(0, track.count)).filter((hz) => hz > 0);
    return { ...summariser.summarise(track), f0 };
  });
  // Turn i fills seconds [4i, 4i + 3): its second and third windows are wholly its own and past its first 0.5 s.
  const inner = (who: 'near' | 'far') => order.flatMap((w, i) => (w === who ? [windows[4 * i + 1]!, windows[4 * i + 2]!] : []));

  it("gives each turn's windows its own channel, from its first second on", () => {
    for (const window of inner('near')) expect([window.channel, window.channelSure, window.narrowband]).toEqual(['full', true, false]);
    for (const window of inner('far')) expect([window.channel, window.channelSure, window.narrowband]).toEqual(['line', true, true]);
    // The first window of a turn already knows it (its first phrase has had 0.5 s of sound).
    expect(order.map((_, i) => windows[4 * i]!.channel)).toEqual(['full', 'line', 'full', 'line']);
  });

  it("tracks the far voice's pitch as a phone line's though the louder near voice dominates the session", () => {
    // With one judgement for the session the near voice wins it and YIN takes the far voice's harmonics for F0.
    const far = inner('far').flatMap((window) => window.f0.map((hz) => 12 * Math.log2(hz / 120)));
    expect(far.length).toBeGreaterThan(40);
    expect(share(far, (st) => st > 10)).toBeLessThan(0.03);
    const near = inner('near').flatMap((window) => window.f0.map((hz) => 12 * Math.log2(hz / 210)));
    expect(share(near, (st) => Math.abs(st) < 2.5)).toBeGreaterThan(0.95);
  });
});
