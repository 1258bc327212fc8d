import { AUDIO_FRAME_BYTES, AUDIO_SAMPLE_RATE, AudioAckSchema } from '@linnet/shared';
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

/**
 * Send Int16 PCM to an open audio socket in 100 ms frames, paced at `speed` times real time as a phone streams it
 * (without waiting for acks). `onFrame` runs after each frame is sent, with the audio time its end reaches and its index.
 */
export async function sendPaced(
  socket: WebSocket,
  samples: Int16Array,
  { speed = 1, onFrame }: { speed?: number; onFrame?: (endS: number, index: number) => void } = {},
): Promise<void> {
  const pcm = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const frameMs = AUDIO_FRAME_BYTES / 2 / (AUDIO_SAMPLE_RATE / 1000) / speed;
  const began = performance.now();
  for (let offset = 0, i = 0; offset < pcm.length; offset += AUDIO_FRAME_BYTES, i++) {
    const wait = began + i * frameMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const frame = pcm.subarray(offset, Math.min(offset + AUDIO_FRAME_BYTES, pcm.length));
    socket.send(frame);
    onFrame?.((offset + frame.length) / 2 / AUDIO_SAMPLE_RATE, i);
  }
}

/** An open audio socket that records every ack and how it closed. */
export interface AudioTestClient {
  ws: WebSocket;
  acks: unknown[];
  closed: Promise<{ code: number; reason: string }>;
}

/** Open `WS /session/:id/audio` (a ws:// URL) and resolve once it is open. */
export function openAudioClient(url: string): Promise<AudioTestClient> {
  const ws = new WebSocket(url);
  const acks: unknown[] = [];
  ws.on('message', (data) => acks.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, acks, closed }));
    ws.once('error', reject);
  });
}

/** A frame of `samples` Int16 samples, every one `value`. */
export function pcmFrame(samples: number, value = 0): Buffer {
  const bytes = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(value, 2 * i);
  return bytes;
}
