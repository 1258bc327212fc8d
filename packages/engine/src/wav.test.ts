import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from './wav.js';

describe('wav', () => {
  it('round-trips mono 16-bit PCM', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const decoded = decodeWav(encodeWav({ sampleRate: 16000, samples }));
    expect(decoded.sampleRate).toBe(16000);
    expect(Array.from(decoded.samples)).toEqual(Array.from(samples));
  });

  it('rejects bytes that are not a WAV file', () => {
    expect(() => decodeWav(Uint8Array.from('hello, this is not audio at all', (c) => c.charCodeAt(0)))).toThrow('not a RIFF/WAVE file');
  });
});
