/** Deterministic in-memory test signals at 16 kHz (test helper, not used by the engine). */
export const RATE = 16_000;

/** A sine of `hz` at `amplitude` (0..1) for `seconds`. */
export function sine(hz: number, seconds: number, amplitude = 0.3): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE));
}

/** Seeded white noise at `amplitude` peak. */
export function whiteNoise(seconds: number, amplitude: number, seed = 7): Float32Array {
  let state = seed;
  return Float32Array.from({ length: Math.round(seconds * RATE) }, () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return amplitude * (2 * (state / 0x7fffffff) - 1);
  });
}

/**
 * A speech-like voice: harmonics of an F0 gliding around `hz`, switched on and off at syllable rate
 * (4 Hz) with a pause every few seconds.
 */
export function voice(seconds: number, hz = 140, amplitude = 0.2): Float32Array {
  let phase = 0;
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => {
    const t = i / RATE;
    const f0 = hz * (1 + 0.12 * Math.sin(2 * Math.PI * 0.9 * t));
    phase += (2 * Math.PI * f0) / RATE;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 0.5;
    return amplitude * syllable * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
  });
}

/**
 * A voice as a narrowband phone line delivers it: the harmonics of an F0 gliding around `hz` from 300 Hz
 * to 3.4 kHz, shaped by a vowel's first formant at `formantHz` (which makes one harmonic dominate, as
 * in speech), with nothing under 300 Hz, F0 itself included; voiced at syllable rate.
 */
export function phoneVoice(seconds: number, hz = 120, formantHz = 500, amplitude = 0.2): Float32Array {
  const lowest = Math.ceil(300 / hz);
  const highest = Math.floor(3400 / hz);
  const gains = Array.from({ length: highest + 1 }, (_, k) => (k < lowest ? 0 : 1 / (1 + ((k * hz - formantHz) / 80) ** 2) + 0.05));
  let phase = 0;
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => {
    const t = i / RATE;
    phase += (2 * Math.PI * hz * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t))) / RATE;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 0.5;
    let sum = 0;
    for (let k = lowest; k <= highest; k++) sum += gains[k]! * Math.sin(k * phase + k * k * 0.7);
    return amplitude * syllable * sum * 0.5;
  });
}

/** Turns of `seconds` each, a near full-band voice and a far one through a phone line, with `gap` s of silence after each. */
export function turns(order: ReadonlyArray<'near' | 'far'>, seconds = 3, gap = 1): Float32Array {
  const signal = new Float32Array(order.length * (seconds + gap) * RATE);
  order.forEach((who, i) => {
    // The user near the microphone is louder than the speakerphone; the far voice is a man's, the near a woman's.
    signal.set(who === 'near' ? voice(seconds, 210, 0.3) : phoneVoice(seconds, 120, 500, 0.08), i * (seconds + gap) * RATE);
  });
  return signal;
}

/** Convert -1..1 samples to 16-bit PCM. */
export function pcm(signal: Float32Array): Int16Array {
  return Int16Array.from(signal, (sample) => Math.max(-32768, Math.min(32767, Math.round(sample * 32767))));
}
