import { AUDIO_FRAME_BYTES, AudioAckSchema } from '@linnet/shared';
import WebSocket from 'ws';

/** What one streaming run sent and what the server acknowledged, frame by frame. */
export interface StreamedPcm {
  sentBytes: number[];
  ackedBytes: number[];
}

/**
 * Stream Int16 PCM to a session's audio socket in browser-sized 100 ms frames, each sent after the
 * previous one is acknowledged: faster than real time (the engine is driven by the audio), yet in
 * order. Closes the socket normally when done. For tests and the browser e2e.
 */
export async function streamPcm(baseUrl: string, sessionId: string, samples: Int16Array): Promise<StreamedPcm> {
  const pcm = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/session/${sessionId}/audio`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const streamed: StreamedPcm = { sentBytes: [], ackedBytes: [] };
  for (let offset = 0; offset < pcm.length; offset += AUDIO_FRAME_BYTES) {
    const frame = pcm.subarray(offset, Math.min(offset + AUDIO_FRAME_BYTES, pcm.length));
    const ack = new Promise<unknown>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data))));
      socket.once('close', (code) => reject(new Error(`audio socket closed with ${code}`)));
    });
    socket.send(frame);
    streamed.sentBytes.push(frame.length);
    streamed.ackedBytes.push(AudioAckSchema.parse(await ack).bytes);
    socket.removeAllListeners('close');
  }
  socket.close(1000);
  return streamed;
}
