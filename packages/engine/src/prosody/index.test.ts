import { LinnetEventSchema } from '@linnet/shared';
import type { EngineEvent } from '../engine.js';
import { describe, expect, it } from 'vitest';
import { createProsodyEngine } from './index.js';
import { pcm, phoneVoice, RATE, sine, turns, voice, whiteNoise } from './test-signals.js';

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

describe('engines sharing a thread', () => {
  /** Each session's windows, with the session's window length. */
  function windowsOf(signal: Float32Array, windowMs: number): Int16Array[] {
    const audio = pcm(signal);
    const length = (RATE * windowMs) / 1000;
    const windows: Int16Array[] = [];
    for (let at = 0; at + length <= audio.length; at += length) windows.push(audio.slice(at, at + length));
    return windows;
  }

  it('give each session the events it gets alone when their windows interleave', () => {
    // A voice, keypad digits, and noise with a voice in it, at two window lengths: the window-sized
    // work buffers belong to the thread, so nothing of one session may leak into another.
    const keypad = new Float32Array(RATE * 8);
    [[697, 1209], [770, 1336], [852, 1477], [941, 1336]].forEach(([low, high], i) => {
      const upper = sine(high!, 0.15, 0.2);
      const tone = sine(low!, 0.15, 0.2).map((x, n) => x + upper[n]!);
      keypad.set(tone, Math.round((1 + i * 0.7) * RATE));
    });
    const noisy = whiteNoise(8, 0.02);
    noisy.set(voice(3, 220), 2 * RATE);
    const sessions = [
      { signal: speechThenSilence(), windowMs: 1000 },
      { signal: keypad, windowMs: 500 },
      { signal: noisy, windowMs: 1000 },
    ].map(({ signal, windowMs }) => ({ windowMs, windows: windowsOf(signal, windowMs) }));
    const alone = sessions.map(({ windowMs, windows }) => {
      const engine = createProsodyEngine({ elcor: false, windowMs, sampleRate: RATE });
      return windows.flatMap((window, i) => engine.analyse(window, (i * windowMs) / 1000));
    });
    const engines = sessions.map(({ windowMs }) => createProsodyEngine({ elcor: false, windowMs, sampleRate: RATE }));
    const together: EngineEvent[][] = sessions.map(() => []);
    const most = Math.max(...sessions.map(({ windows }) => windows.length));
    for (let i = 0; i < most; i++) {
      sessions.forEach(({ windowMs, windows }, k) => {
        if (i < windows.length) together[k]!.push(...engines[k]!.analyse(windows[i]!, (i * windowMs) / 1000));
      });
    }
    expect(together).toEqual(alone);
    // The sessions differ, so a leak would show: each heard its own audio.
    expect(alone.map((events) => events.length).every((n) => n > 0)).toBe(true);
    expect(new Set(alone.map((events) => JSON.stringify(events))).size).toBe(3);
  });
});

describe('createProsodyEngine with two voices, one near and one on a phone line', () => {
  const tonesOf = (events: EngineEvent[]) => events.flatMap((event) => (event.event_type === 'tone' ? [event] : []));
  // Turns of 3 s with 1 s between: turn i fills seconds [4i, 4i + 3).
  const whoseTurn = (order: readonly string[], timestamp: number) => order[Math.floor(timestamp / 4)];

  it('labels each voice as its own speaker, against its own usual sound', () => {
    const order = ['near', 'far', 'near', 'far', 'near', 'far'] as const;
    const tones = tonesOf(run(turns(order)));
    expect(tones.length).toBeGreaterThanOrEqual(12);
    for (const tone of tones) expect(tone.speaker_id).toBe(whoseTurn(order, tone.timestamp) === 'near' ? 'speaker_a' : 'speaker_b');
  });

  it('keeps the first voice heard as speaker_a, whichever channel it came through', () => {
    const order = ['far', 'near', 'far', 'near'] as const;
    const tones = tonesOf(run(turns(order)));
    // A near voice's first second is not yet sure to be a second voice (its run has not shown a clear channel):
    // it goes to the voice heard last. Only a sure channel starts a new voice, so one voice is never split.
    expect(tones.find((tone) => tone.timestamp === 4)?.speaker_id).toBe('speaker_a');
    for (const tone of tones.filter((t) => t.timestamp !== 4)) {
      expect(tone.speaker_id).toBe(whoseTurn(order, tone.timestamp) === 'far' ? 'speaker_a' : 'speaker_b');
    }
  });

  it.each([
    ['a full-band voice', voice(12)],
    ['a voice on a phone line', phoneVoice(12, 120, 500, 0.1)],
  ])('hears %s alone as one speaker', (_, signal) => {
    const tones = tonesOf(run(signal));
    expect(tones.length).toBeGreaterThanOrEqual(10);
    expect(new Set(tones.map((tone) => tone.speaker_id))).toEqual(new Set(['speaker_a']));
  });

  it("keeps the first voice's own baseline for a resumed session, not one mixed with the other's", () => {
    const engine = createProsodyEngine({ elcor: false, windowMs: 1000, sampleRate: RATE });
    const audio = pcm(turns(['near', 'far', 'near', 'far', 'near', 'far']));
    for (let at = 0; at + RATE <= audio.length; at += RATE) engine.analyse(audio.subarray(at, at + RATE), at / RATE);
    // The near voice glides around 210 Hz: 12.8 st above 100 Hz; the far one around 120 Hz (3.2 st).
    expect(engine.speakerBaseline?.().pitch_st).toBeGreaterThan(11);
  });
});
