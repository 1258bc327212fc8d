import { LinnetEventSchema } from '@linnet/shared';
import type { EngineEvent } from '../engine.js';
import { describe, expect, it } from 'vitest';
import { createProsodyEngine } from './index.js';
import { pcm, RATE, voice } from './test-signals.js';

function run(signal: Float32Array, elcor = false, windowMs = 1000): EngineEvent[] {
  const engine = createProsodyEngine({ elcor, windowMs, sampleRate: RATE });
  const audio = pcm(signal);
  const events: EngineEvent[] = [];
  const length = (RATE * windowMs) / 1000;
  for (let at = 0; at + length <= audio.length; at += length) {
    events.push(...engine.analyse(audio.subarray(at, at + length), at / RATE));
  }
  engine.dispose();
  return events;
}

function speechThenSilence(): Float32Array {
  const signal = new Float32Array(RATE * 10);
  signal.set(voice(6), RATE);
  return signal;
}

describe('createProsodyEngine', () => {
  it('emits no tone or speaker events for silence (call-state may report it)', () => {
    const events = run(new Float32Array(RATE * 4));
    expect(events.filter((event) => event.event_type === 'tone' || event.event_type === 'speaker')).toEqual([]);
    // Events leave the engine without a session id: the API stamps it when it publishes.
    expect(events.every((event) => !('session_id' in event))).toBe(true);
  });

  it('emits valid tone events for speech windows and speaker events on change only', () => {
    const events = run(speechThenSilence());
    for (const event of events) expect(LinnetEventSchema.safeParse({ ...event, session_id: 's1' }).success).toBe(true);
    const speaker = events.filter((event) => event.event_type === 'speaker');
    expect(speaker.map((event) => event.label)).toEqual(['human_single', 'no_speaker']);
    expect(speaker[0]!.timestamp).toBeCloseTo(1, 0);
    expect(speaker[1]!.timestamp).toBeCloseTo(7, 0);
    const tones = events.filter((event) => event.event_type === 'tone');
    expect(tones.length).toBeGreaterThanOrEqual(5);
    expect(tones.every((event) => event.timestamp >= 1 && event.timestamp < 7)).toBe(true);
  });

  it('writes bracketed subtext on elcor sessions', () => {
    const tones = run(speechThenSilence(), true).filter((event) => event.event_type === 'tone');
    expect(tones.every((event) => event.event_type === 'tone' && /^\[[^\]]+ — [^\]]+\]$/.test(event.subtext))).toBe(true);
  });

  it.each([500, 3000])('works with %d ms windows', (windowMs) => {
    const events = run(speechThenSilence(), false, windowMs);
    expect(events.filter((event) => event.event_type === 'speaker').map((event) => event.label)).toEqual([
      'human_single',
      'no_speaker',
    ]);
    expect(events.some((event) => event.event_type === 'tone')).toBe(true);
  });
});
