import { describe, expect, it } from 'vitest';
import { parseWav, WavFormatError } from './wav';

/** Builds a 16-bit PCM WAV, optionally with an extra chunk before `data` as sox and ffmpeg write (LIST). */
function wav(samples: number[], { sampleRate = 16000, channels = 1, bits = 16, extraChunk = false } = {}): ArrayBuffer {
  const extra = extraChunk ? 8 + 5 + 1 : 0; // odd-sized chunk + pad byte
  const buffer = new ArrayBuffer(44 + extra + samples.length * 2);
  const view = new DataView(buffer);
  const text = (offset: number, s: string) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, buffer.byteLength - 8, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, bits, true);
  let offset = 36;
  if (extraChunk) {
    text(offset, 'LIST');
    view.setUint32(offset + 4, 5, true);
    offset += 14;
  }
  text(offset, 'data');
  view.setUint32(offset + 4, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(offset + 8 + i * 2, s, true));
  return buffer;
}

describe('parseWav', () => {
  it('reads the format and little-endian samples', () => {
    const parsed = parseWav(wav([0, 1, -1, 32767, -32768]));
    expect({ ...parsed, samples: [...parsed.samples] }).toEqual({
      sampleRate: 16000,
      channels: 1,
      bitsPerSample: 16,
      samples: [0, 1, -1, 32767, -32768],
    });
  });

  it('skips unknown chunks including their pad byte', () => {
    expect([...parseWav(wav([5, -5], { extraChunk: true })).samples]).toEqual([5, -5]);
  });

  it('rejects files that are not 16-bit RIFF/WAVE', () => {
    expect(() => parseWav(new TextEncoder().encode('ID3 not a wav file').buffer)).toThrow(WavFormatError);
    expect(() => parseWav(wav([1], { bits: 8 }))).toThrow(/16-bit/);
  });
});
