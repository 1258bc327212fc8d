import type { SpeakerBaselineState, ToneEvent } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import type { ToneEngine } from '../engine.js';
import { createProsodyEngine } from './index.js';
import { pcm, RATE, voice } from './test-signals.js';

const WINDOW = RATE;

/** Tone events of `seconds` of a steady voice at `hz`, one-second windows, from `engine`. */
function speak(engine: ToneEngine, seconds: number, hz: number): Array<Omit<ToneEvent, 'session_id'>> {
  const audio = pcm(voice(seconds, hz));
  const tones: Array<Omit<ToneEvent, 'session_id'>> = [];
  for (let at = 0; at + WINDOW <= audio.length; at += WINDOW) {
    for (const event of engine.analyse(audio.subarray(at, at + WINDOW), at / RATE)) if (event.event_type === 'tone') tones.push(event);
  }
  return tones;
}

/** The baseline an engine holds after `seconds` of a voice at `hz`: what a kept conversation stores. */
function learntBaseline(seconds: number, hz: number): SpeakerBaselineState {
  const engine = createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: RATE });
  speak(engine, seconds, hz);
  const state = engine.speakerBaseline!();
  engine.dispose();
  return state;
}

describe('a speaker baseline carried into a resumed session', () => {
  it('is the numbers the engine learnt, and the resumed engine goes on from them', () => {
    const kept = learntBaseline(20, 140);
    expect(kept.windows).toBeGreaterThanOrEqual(15);
    // 140 Hz is 5.8 semitones above 100 Hz; the norm learnt it instead of the population's 6.
    expect(kept.pitch_st).toBeCloseTo(12 * Math.log2(1.4), 0);
    const resumed = createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: RATE, speakerBaseline: kept });
    expect(resumed.speakerBaseline!()).toEqual(kept);
    const tones = speak(resumed, 3, 140);
    expect(resumed.speakerBaseline!().windows).toBe(kept.windows + tones.length);
  });

  it('compares the first windows against the kept voice, not a fresh one', () => {
    const kept = learntBaseline(20, 140);
    // The rule's own confidence (before the calibration map, which floors every shown label at 0.5):
    // a settled baseline is trusted from the first window, a fresh one starts at the maturity floor.
    const fresh = speak(createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: RATE, rawConfidence: true }), 3, 140);
    const resumed = speak(createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: RATE, speakerBaseline: kept, rawConfidence: true }), 3, 140);
    expect(resumed[0]!.confidence).toBeGreaterThan(fresh[0]!.confidence + 0.1);
    // The same voice against its own kept norm is no shift; against a kept norm of a much lower
    // voice (100 Hz), the same first window is heard as raised pitch.
    const lower = speak(createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: RATE, speakerBaseline: learntBaseline(20, 100) }), 3, 140);
    expect(lower[0]!.prosody_flags).toContain('raised pitch');
    expect(resumed[0]!.prosody_flags).not.toContain('raised pitch');
    expect(lower[0]!.shift_magnitude).toBeGreaterThan(resumed[0]!.shift_magnitude + 0.3);
  });
});
