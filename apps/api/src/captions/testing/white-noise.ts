/** A seeded uniform generator in [-1, 1) (a linear congruential one): the same noise every run. */
export function noiseSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

/**
 * A copy of `samples` with seeded white noise at `noiseDbfs` RMS added throughout, or only where the samples
 * are digital silence (`inSilenceOnly`: noise between the words, the words themselves untouched).
 */
export function withWhiteNoise(samples: Int16Array, noiseDbfs: number, seed: number, inSilenceOnly = false): Int16Array {
  const noise = noiseSource(seed);
  // Uniform noise on [-a, a) has an RMS of a / √3.
  const amplitude = 32768 * Math.sqrt(3) * 10 ** (noiseDbfs / 20);
  return samples.map((sample) => {
    const added = Math.round(amplitude * noise());
    if (inSilenceOnly) return sample === 0 ? added : sample;
    return Math.max(-32768, Math.min(32767, sample + added));
  });
}
