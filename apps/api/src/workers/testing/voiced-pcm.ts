/**
 * A deterministic voice-like signal at 16 kHz: a harmonic source whose pitch wanders and rises at
 * phrase ends, cut into syllables, with pauses and a little seeded noise. The prosody engine finds
 * speech, speaker changes and several tone labels in it, so it exercises the engine's state.
 */
export function voicedPcm(seconds: number, sampleRate = 16_000): Int16Array {
  const pcm = new Int16Array(Math.round(seconds * sampleRate));
  let phase = 0;
  let seed = 12_345;
  for (let i = 0; i < pcm.length; i++) {
    const t = i / sampleRate;
    const f0 = 140 + 40 * Math.sin(2 * Math.PI * 0.4 * t) + (t % 3 > 2.2 ? 60 * ((t % 3) - 2.2) : 0);
    phase += (2 * Math.PI * f0) / sampleRate;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t)) * (t % 4 < 3.2 ? 1 : 0);
    let source = 0;
    for (let harmonic = 1; harmonic <= 8; harmonic++) source += Math.sin(harmonic * phase) / harmonic;
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    pcm[i] = Math.round(6_000 * syllable * source + (seed / 2_147_483_648 - 0.5) * 60);
  }
  return pcm;
}
