/**
 * Linnet's side of the caption evaluation: each voice's stream sent through a real server's audio
 * WebSocket (prosody engine in its workers, one pocketsphinx per session), all voices at once, at a
 * fixed multiple of real time; the captions are the `transcript-event`s' `plain_text`.
 */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { AUDIO_FRAME_BYTES, AUDIO_SAMPLE_RATE, SessionResponseSchema, TranscriptEventSchema } from '@linnet/shared';
import { createPocketsphinx } from '../../src/captions/pocketsphinx.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { sendPaced } from '../../src/testing/audio-client.js';
import { openSse, type SseTestClient } from '../../src/testing/sse-client.js';
import type { VoiceStream } from './captions-corpus.js';

/** After the last frame, captions still due arrive within this (the captioner's publish delay plus a decode). */
const SETTLE_MS = 4_000;
const CLOCK_TICKS_PER_S = 100;

export interface LinnetCaptions {
  voice: VoiceStream['voice'];
  captions: string[];
  /** CPU seconds the session's decoder used, from /proc. */
  decoderCpuS: number;
  /** Per caption: ms from sending the frame holding its last audio to receiving its event. */
  latenciesMs: number[];
}

export interface LinnetRun {
  perVoice: LinnetCaptions[];
  audioDroppedS: number;
  restarts: number;
}

/** user + system CPU seconds of a live process; 0 once it has exited. */
function processCpuS(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

const transcriptTexts = (sse: SseTestClient): string[] =>
  sse.events().filter((e) => e.event === 'transcript-event').map((e) => TranscriptEventSchema.parse(e.data).plain_text ?? '');

async function captionVoice(server: RunningServer, pocketsphinx: ReturnType<typeof createPocketsphinx>, stream: VoiceStream, speed: number): Promise<LinnetCaptions> {
  const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const id = SessionResponseSchema.parse(await res.json()).session_id;
  const sse = await openSse(`${server.url}/session/${id}/stream`);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio?ackEvery=50`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  // Send time of each frame, indexed by the audio second its end reaches (in frames).
  const sentAt: number[] = [];
  const latenciesMs: number[] = [];
  let seen = 0;
  sse.response.on('data', () => {
    const events = sse.events().filter((e) => e.event === 'transcript-event');
    for (const event of events.slice(seen)) {
      const frame = Math.ceil((TranscriptEventSchema.parse(event.data).end! * AUDIO_SAMPLE_RATE * 2) / AUDIO_FRAME_BYTES);
      if (sentAt[frame] !== undefined) latenciesMs.push(performance.now() - sentAt[frame]);
    }
    seen = events.length;
  });
  let pid: number | undefined;
  await sendPaced(socket, stream.samples, {
    speed,
    onFrame: (_endS, i) => {
      sentAt[i + 1] = performance.now();
      pid ??= pocketsphinx.pidOf(server.captions.recognitionOf(id)!);
    },
  });
  // Wait until no caption has arrived for SETTLE_MS.
  for (let count = -1; count !== transcriptTexts(sse).length; ) {
    count = transcriptTexts(sse).length;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
  const decoderCpuS = pid === undefined ? 0 : processCpuS(pid);
  socket.close();
  sse.close();
  await fetch(`${server.url}/session/${id}/end`, { method: 'DELETE' });
  return { voice: stream.voice, captions: transcriptTexts(sse), decoderCpuS, latenciesMs };
}

/** Caption every voice's stream through one real server, all at once, `speed` times real time. */
export async function captionThroughLinnet(streams: readonly VoiceStream[], speed: number): Promise<LinnetRun> {
  const pocketsphinx = createPocketsphinx();
  const server = await startServer({
    recogniser: pocketsphinx,
    env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxTranscribers: streams.length, maxSessionsPerClient: Math.max(streams.length, 10) },
  });
  try {
    const perVoice = await Promise.all(streams.map((stream) => captionVoice(server, pocketsphinx, stream, speed)));
    const metrics = pocketsphinx.metrics();
    return { perVoice, audioDroppedS: metrics.audio_dropped_s ?? 0, restarts: metrics.restarts ?? 0 };
  } finally {
    await server.close();
  }
}
