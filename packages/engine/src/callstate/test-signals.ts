/** In-memory test signals at 16 kHz for the call-state unit tests. */
export const RATE = 16000;

/** A piece of signal: tones (Hz, amplitude) or silence for `seconds`. */
export type Span = { seconds: number; tones?: [number, number][] };

/** Render spans back to back, with a faint deterministic noise bed (-66 dBFS). */
export function render(spans: Span[]): Float32Array {
  const total = Math.round(spans.reduce((sum, span) => sum + span.seconds, 0) * RATE);
  const out = new Float32Array(total);
  let seed = 7;
  let n = 0;
  for (const span of spans) {
    const end = n + Math.round(span.seconds * RATE);
    for (; n < end; n++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      let x = (seed / 2 ** 32 - 0.5) * 0.0017;
      for (const [hz, amp] of span.tones ?? []) x += amp * Math.sin((2 * Math.PI * hz * n) / RATE);
      out[n] = x;
    }
  }
  return out;
}

/** Vowel-like harmonic signal (F0 `f0`, 10 harmonics, gliding pitch) with a syllable envelope. */
export function vowels(seconds: number, f0: number, syllablesPerS = 4): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let n = 0; n < out.length; n++) {
    const t = n / RATE;
    const glide = f0 * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t));
    const envelope = Math.max(0, Math.sin(2 * Math.PI * syllablesPerS * t)) ** 1.5;
    let x = 0;
    for (let h = 1; h <= 10; h++) x += (0.12 / h) * Math.sin(2 * Math.PI * glide * h * t);
    out[n] = envelope * x;
  }
  return out;
}

/** Concatenate signals. */
export function join(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
