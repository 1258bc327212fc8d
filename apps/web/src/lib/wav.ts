/** A decoded 16-bit PCM WAV: its format and the samples as a view on the file's bytes. */
export interface PcmWav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Interleaved Int16 samples (little-endian in the file; copied so alignment never matters). */
  samples: Int16Array;
}

/** Raised for anything that is not a plain RIFF/WAVE file holding 16-bit PCM. */
export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

/**
 * Parses a RIFF/WAVE file holding 16-bit integer PCM, walking its chunks rather than assuming a 44-byte header.
 * @see http://soundfile.sapp.org/doc/WaveFormat/
 */
export function parseWav(bytes: ArrayBuffer): PcmWav {
  const view = new DataView(bytes);
  if (bytes.byteLength < 12 || tag(view, 0) !== 'RIFF' || tag(view, 8) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  let format: Omit<PcmWav, 'samples'> | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new WavFormatError('fmt chunk too short');
      const audioFormat = view.getUint16(body, true);
      // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE, which sox writes for some layouts.
      if (audioFormat !== 1 && audioFormat !== 0xfffe) throw new WavFormatError(`unsupported audio format ${audioFormat}`);
      format = {
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
      if (format.bitsPerSample !== 16) throw new WavFormatError(`expected 16-bit samples, got ${format.bitsPerSample}`);
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('data chunk before fmt chunk');
      // Some writers leave the size at 0 or 0xFFFFFFFF when streaming; clamp to what the file holds.
      const end = Math.min(body + size, bytes.byteLength);
      const usable = (end - body) & ~1;
      const samples = new Int16Array(usable / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { ...format, samples };
    }
    // Chunks are padded to an even length.
    offset = body + size + (size & 1);
  }
  throw new WavFormatError('no data chunk');
}

function tag(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}
