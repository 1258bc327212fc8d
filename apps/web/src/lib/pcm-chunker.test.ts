import { describe, expect, it } from 'vitest';
import { PcmChunker } from './pcm-chunker';

function collect(inputRate: number, input: Float32Array, quantum = 128) {
  const chunks: { pcm: Int16Array; rms: number }[] = [];
  const chunker = new PcmChunker({ inputRate, onChunk: (pcm, rms) => chunks.push({ pcm, rms }) });
  for (let i = 0; i < input.length; i += quantum) chunker.push(input.subarray(i, i + quantum));
  return chunks;
}

describe('PcmChunker', () => {
  it('emits 1600-sample (3200-byte) Int16 chunks from 128-sample quanta at 16 kHz', () => {
    const input = new Float32Array(16000).fill(0.5);
    const chunks = collect(16000, input);
    expect(chunks).toHaveLength(10);
    expect(chunks.every((c) => c.pcm.byteLength === 3200)).toBe(true);
    expect(chunks[0]!.pcm[0]).toBe(Math.round(0.5 * 32767));
    expect(chunks[0]!.rms).toBeCloseTo(0.5, 6);
  });

  it('clamps out-of-range samples to full scale', () => {
    const chunks = collect(16000, new Float32Array(1600).fill(-2));
    expect(chunks[0]!.pcm[0]).toBe(-32768);
  });

  it('resamples 48 kHz input to 16 kHz keeping a 440 Hz tone at 440 Hz', () => {
    const input = new Float32Array(48000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 48000));
    const chunks = collect(48000, input);
    expect(chunks).toHaveLength(10);
    // Count rising zero crossings over one second of output.
    const out = chunks.flatMap((c) => [...c.pcm]);
    let crossings = 0;
    for (let i = 1; i < out.length; i++) if (out[i - 1]! < 0 && out[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(439);
    expect(crossings).toBeLessThanOrEqual(441);
  });

  it('keeps the rate right for a non-integer ratio (44.1 kHz)', () => {
    const chunks = collect(44100, new Float32Array(44100 * 2));
    expect(chunks).toHaveLength(20);
  });
});
