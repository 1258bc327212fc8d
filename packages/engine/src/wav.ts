/** Mono 16-bit PCM audio decoded from a WAV file. */
export interface PcmAudio {
  sampleRate: number;
  samples: Int16Array;
}

/**
 * Decode a RIFF/WAVE file of 16-bit PCM; multi-channel audio is mixed down to mono.
 * @see http://soundfile.sapp.org/doc/WaveFormat/
 */
export function decodeWav(bytes: Uint8Array): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let offset = 12;
  let channels = 0;
  let sampleRate = 0;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      // 0xFFFE is WAVE_FORMAT_EXTENSIBLE, which sox writes for some outputs.
      if ((format !== 1 && format !== 0xfffe) || bitsPerSample !== 16) {
        throw new Error(`unsupported WAV format ${format}/${bitsPerSample} bit; need 16-bit PCM`);
      }
    } else if (id === 'data') {
      if (!channels) throw new Error('WAV data chunk before fmt chunk');
      // sox and espeak may write 0xFFFFFFFF or a stale size when streaming: clamp to the file.
      const available = Math.min(size, bytes.byteLength - body);
      const frames = Math.floor(available / (2 * channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += view.getInt16(body + (i * channels + c) * 2, true);
        samples[i] = Math.round(sum / channels);
      }
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

/** Encode mono 16-bit PCM as a WAV file. */
export function encodeWav({ sampleRate, samples }: PcmAudio): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const write = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  };
  write(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  write(8, 'WAVE');
  write(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  write(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return bytes;
}
