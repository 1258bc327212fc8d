import { readFileSync } from 'node:fs';
import { decodeWav } from '@linnet/engine';
import { streamPcm } from '@linnet/api/testing';

/** Stream a 16 kHz WAV file to a session's audio socket, frame by frame as the browser would. */
export async function streamWavToSession(baseUrl: string, sessionId: string, wavPath: string): Promise<void> {
  const { samples, sampleRate } = decodeWav(readFileSync(wavPath));
  if (sampleRate !== 16_000) throw new Error(`${wavPath} is ${sampleRate} Hz; the wire carries 16 kHz`);
  await streamPcm(baseUrl, sessionId, samples);
}
