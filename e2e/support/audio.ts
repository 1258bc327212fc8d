import WebSocket from 'ws';
import { AUDIO_FRAME_BYTES, AudioAckSchema } from '@linnet/shared';
import { readWav } from '../../apps/api/src/lib/wav.js';

/**
 * Stream a 16 kHz WAV file to a session's audio socket in 100 ms frames, each sent after the
 * previous one is acknowledged: faster than real time, as the engine is driven by the audio.
 */
export async function streamWavToSession(baseUrl: string, sessionId: string, wavPath: string): Promise<number> {
  const { samples, sampleRate } = readWav(wavPath);
  if (sampleRate !== 16_000) throw new Error(`${wavPath} is ${sampleRate} Hz; the wire carries 16 kHz`);
  const pcm = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/session/${sessionId}/audio`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let acked = 0;
  for (let offset = 0; offset + 2 <= pcm.length; offset += AUDIO_FRAME_BYTES) {
    const frame = pcm.subarray(offset, Math.min(offset + AUDIO_FRAME_BYTES, pcm.length - (pcm.length % 2)));
    const ack = new Promise<void>((resolve, reject) => {
      socket.once('message', (data) => {
        const parsed = AudioAckSchema.parse(JSON.parse(String(data)));
        acked += parsed.bytes;
        resolve();
      });
      socket.once('close', (code) => reject(new Error(`audio socket closed with ${code}`)));
    });
    socket.send(frame);
    await ack;
    socket.removeAllListeners('close');
  }
  socket.close(1000);
  return acked;
}
