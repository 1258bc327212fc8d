import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  HealthResponseSchema,
  ServiceEventSchema,
  SessionResponseSchema,
  TranscriptEventSchema,
  type ServiceEvent,
  type TranscriptEvent,
} from '@linnet/shared';
import { startServer, type RunningServer } from '../server.js';
import { sendPaced } from '../testing/audio-client.js';
import { openSse, type SseTestClient } from '../testing/sse-client.js';
import { createPocketsphinx } from './pocketsphinx.js';
import { addFaintNoise, fliteSpeech, joinPcm } from './testing/flite-speech.js';
import { wordsQuestionConfidence, wordsQuestionTone } from './question-words.js';
import { QUIET_ROOM_DB } from './speech-to-noise.js';

// flite's voice is one pocketsphinx's US-English model recognises well (espeak's far less).
const SENTENCES = ['the weather is lovely today', 'i would like to order a pizza with cheese', 'please call me back tomorrow morning'];
const CONTENT_WORDS = [['weather', 'lovely', 'today'], ['like', 'order', 'pizza', 'cheese'], ['please', 'call', 'back', 'tomorrow', 'morning']];

/** flite speech at 16 kHz, each sentence followed by 1.5 s of faint noise (a real room is never digital silence). */
function speak(dir: string): Int16Array[] {
  return SENTENCES.map((sentence, i) => addFaintNoise(fliteSpeech(dir, `s${i}`, sentence, { before: 0, after: 1.5 })));
}

/** Stream PCM in 100 ms frames, `speed` times faster than real time, recording each frame's send time. */
function streamPaced(socket: WebSocket, samples: Int16Array, speed: number, sent: Array<{ audioS: number; at: number }>, offsetS: number) {
  return sendPaced(socket, samples, { speed, onFrame: (endS) => sent.push({ audioS: offsetS + endS, at: performance.now() }) });
}

async function openAudio(server: RunningServer, id: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio?ackEvery=50`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

async function startSession(server: RunningServer, body: object = {}): Promise<string> {
  const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return SessionResponseSchema.parse(await res.json()).session_id;
}

const transcripts = (sse: SseTestClient): TranscriptEvent[] =>
  sse.events().filter((e) => e.event === 'transcript-event').map((e) => TranscriptEventSchema.parse(e.data));
const services = (sse: SseTestClient): ServiceEvent[] =>
  sse.events().filter((e) => e.event === 'service-event').map((e) => ServiceEventSchema.parse(e.data));
const heard = (events: TranscriptEvent[], words: string[]) => {
  const said = new Set(events.flatMap((e) => e.plain_text!.split(' ')));
  return words.filter((w) => said.has(w));
};

// Real server, real prosody engine in worker threads, real pocketsphinx processes.
describe('live captions from pocketsphinx', { timeout: 120_000 }, () => {
  let dir: string;
  let speech: Int16Array[];
  let server: RunningServer;
  const pocketsphinx = createPocketsphinx();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-captions-'));
    speech = speak(dir);
    server = await startServer({ recogniser: pocketsphinx, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxTranscribers: 1 } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const session of server.store.list()) server.store.end(session.id, 'ended');
  });

  it('captions speech streamed in real time, with tone, and replays them after a reconnect', async () => {
    const id = await startSession(server, { elcor: true });
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    const audio = await openAudio(server, id);
    const sent: Array<{ audioS: number; at: number }> = [];
    const arrivals: Array<{ end: number; at: number }> = [];
    sse.response.on('data', () => {
      for (const event of transcripts(sse).slice(arrivals.length)) arrivals.push({ end: event.end!, at: performance.now() });
    });
    let offsetS = 0;
    for (const part of speech) {
      await streamPaced(audio, part, 1, sent, offsetS);
      offsetS += part.length / 16_000;
    }
    // A decoder starved by a loaded machine catches up later (its audio is dropped only past 6 s of backlog).
    await expect.poll(() => heard(transcripts(sse), CONTENT_WORDS[2]!).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);

    const captions = transcripts(sse);
    expect(heard(captions, CONTENT_WORDS.flat()).length).toBeGreaterThanOrEqual(8);
    for (const caption of captions) {
      expect(caption).toMatchObject({ session_id: id, speaker_id: 'speaker_a', timestamp: caption.start });
      expect(caption.end!).toBeGreaterThan(caption.start!);
      expect(caption.end!).toBeLessThanOrEqual(offsetS);
      expect(caption.text).toBe(caption.tone ? `[${caption.tone.label}] ${caption.plain_text}` : caption.plain_text);
    }
    expect(captions.some((c) => c.tone)).toBe(true);
    expect(services(sse)[0]).toMatchObject({ status: 'ready', code: 'captions_ready' });

    // Latency: from the moment the utterance's last audio was sent to its caption's arrival.
    const latencies = arrivals.map(({ end, at }) => at - sent.find((frame) => frame.audioS >= end)!.at).sort((a, b) => a - b);
    console.info(`caption latency ms (utterance end sent -> event): ${latencies.map(Math.round).join(', ')}`);
    // The target, p95 <= 2.5 s, is measured on a quiet machine by `pnpm eval:captions` (p95
    // 930 ms) and bench:captions. This test shares 2 cores with other runs (at a load average of 21 one
    // run measured 3.9 s): the median must meet the target, the slowest caption gets twice the room.
    // A failure names the load: at load averages of 11-19 the decoders are starved of CPU (median 2.6-11 s seen).
    const load = `1-minute load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
    expect(latencies[Math.ceil(latencies.length * 0.5) - 1]!, load).toBeLessThanOrEqual(2_500);
    expect(latencies[Math.ceil(latencies.length * 0.95) - 1]!, load).toBeLessThanOrEqual(5_000);

    const firstCaptionId = sse.events().find((e) => e.event === 'transcript-event')!.id!;
    sse.close();
    const resumed = await openSse(`${server.url}/session/${id}/stream`, { 'Last-Event-ID': String(firstCaptionId - 1) });
    await resumed.waitFor((item) => item.kind === 'event' && item.id === firstCaptionId, 5_000);
    await expect.poll(() => transcripts(resumed).length, { timeout: 10_000 }).toBe(captions.length);
    expect(transcripts(resumed)).toEqual(captions);
    resumed.close();
    audio.close();
  });

  it("quotes a question read from its words at the precision measured for the room's noise, heard from the session's audio", async () => {
    // A quiet room (faint noise, some 60 dB under the voice). In noise pocketsphinx loses the words themselves
    // (white noise 40 dB under flite's voice already turns this question into "you put on the back tomorrow
    // morning"), so the noisy end of the map is tested on the captioner (captioner.test.ts) and through the
    // server with the whisper stand-in, whose words do not depend on the noise (whisper-server.test.ts).
    const question = addFaintNoise(fliteSpeech(dir, 'question', 'can you call me back tomorrow morning', { before: 1, after: 1.5 }));
    const id = await startSession(server);
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    const audio = await openAudio(server, id);
    await streamPaced(audio, question, 2, [], 0);
    await expect.poll(() => transcripts(sse).find((caption) => caption.tone?.source === 'words'), { timeout: 30_000 }).toBeDefined();
    const caption = transcripts(sse).find((event) => event.tone?.source === 'words')!;
    expect(caption.plain_text).toBe('can you call me back tomorrow morning');
    // The service's estimate heard the session's audio: an estimator never fed would quote the cautious end.
    expect(caption.tone).toEqual(wordsQuestionTone(QUIET_ROOM_DB));
    expect(wordsQuestionConfidence(QUIET_ROOM_DB)).toBeGreaterThan(wordsQuestionConfidence(0));
    sse.close();
    audio.close();
  });

  it('keeps tone flowing when the recogniser is killed, says so, and captions again after its restart', async () => {
    const id = await startSession(server);
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    const audio = await openAudio(server, id);
    const sent: Array<{ audioS: number; at: number }> = [];
    await streamPaced(audio, speech[0]!, 2, sent, 0);
    await sse.waitFor((item) => item.kind === 'event' && item.event === 'transcript-event', 30_000);
    const pid = pocketsphinx.pidOf(server.captions.recognitionOf(id)!)!;
    process.kill(pid, 'SIGKILL');
    await sse.waitFor((item) => item.kind === 'event' && item.event === 'service-event' && (item.data as ServiceEvent).code === 'captions_restarted', 10_000);
    const afterRestart = sse.items.length;
    const offsetS = speech[0]!.length / 16_000;
    await streamPaced(audio, speech[1]!, 2, sent, offsetS);
    await streamPaced(audio, speech[2]!, 2, sent, offsetS + speech[1]!.length / 16_000);
    await expect.poll(() => heard(transcripts(sse), CONTENT_WORDS[2]!).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    expect(services(sse).map((e) => [e.status, e.code])).toEqual([
      ['ready', 'captions_ready'],
      ['error', 'captions_failed'],
      ['ready', 'captions_restarted'],
    ]);
    expect(sse.items.slice(afterRestart).some((item) => item.kind === 'event' && item.event === 'tone-event')).toBe(true);
    expect(pocketsphinx.pidOf(server.captions.recognitionOf(id)!)).not.toBe(pid);
    const metrics = (await (await fetch(`${server.url}/metrics`)).json()) as { captions: { pocketsphinx: { crashes: number; restarts: number } } };
    expect(metrics.captions.pocketsphinx).toMatchObject({ crashes: 1, restarts: 1 });
    sse.close();
    audio.close();
  });

  it('gives a session beyond MAX_TRANSCRIBERS, and one that asked for none, tone without captions', async () => {
    const captioned = await startSession(server);
    const busy = await startSession(server);
    const declined = await startSession(server, { transcribe: false });
    const streams = await Promise.all([captioned, busy, declined].map((id) => openSse(`${server.url}/session/${id}/stream`)));
    const sockets = await Promise.all([captioned, busy, declined].map((id) => openAudio(server, id)));
    // All three sentences: a voice gets no tone label until the baseline has learnt from four speech windows.
    await Promise.all(sockets.map((socket) => streamPaced(socket, joinPcm(speech), 4, [], 0)));
    await streams[0]!.waitFor((item) => item.kind === 'event' && item.event === 'transcript-event', 30_000);

    expect(services(streams[1]!)).toEqual([
      { event_type: 'service', session_id: busy, status: 'unavailable', code: 'captions_busy', timestamp: 0, detail: expect.stringMatching(/^Captions unavailable: /) },
    ]);
    expect(services(streams[2]!)).toEqual([
      { event_type: 'service', session_id: declined, status: 'unavailable', code: 'captions_not_requested', timestamp: 0, detail: expect.stringMatching(/^Captions unavailable: /) },
    ]);
    // A client joining now learns each session's captions from GET /session/:id, without the events.
    const captionsOf = async (id: string) => SessionResponseSchema.parse(await (await fetch(`${server.url}/session/${id}`)).json()).captions;
    expect(await captionsOf(captioned)).toEqual({ recogniser: 'pocketsphinx', status: 'live', code: 'captions_ready', detail: 'Captions ready' });
    expect(await captionsOf(busy)).toMatchObject({ recogniser: 'pocketsphinx', status: 'off', code: 'captions_busy' });
    expect(await captionsOf(declined)).toMatchObject({ recogniser: 'pocketsphinx', status: 'off', code: 'captions_not_requested' });
    const health = HealthResponseSchema.parse(await (await fetch(`${server.url}/health`)).json());
    expect(health.captions).toEqual({ recogniser: 'pocketsphinx', status: 'live', code: 'captions_busy', active: 1, max_transcribers: 1 });
    for (const stream of streams.slice(1)) {
      expect(transcripts(stream)).toEqual([]);
      expect(stream.events().some((e) => e.event === 'tone-event')).toBe(true);
    }
    for (const stream of streams) stream.close();
    for (const socket of sockets) socket.close();
  });

  it('stops a session\'s decoder when the session ends, freeing its place', async () => {
    const id = await startSession(server);
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    const audio = await openAudio(server, id);
    audio.send(Buffer.alloc(3200));
    await sse.waitFor((item) => item.kind === 'event' && item.event === 'service-event', 5_000);
    const pid = pocketsphinx.pidOf(server.captions.recognitionOf(id)!)!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await fetch(`${server.url}/session/${id}/end`, { method: 'DELETE' });
    await expect.poll(() => {
      try {
        process.kill(pid, 0);
        return 'running';
      } catch {
        return 'gone';
      }
      // SIGTERM to a decoder on a loaded machine can take more than vitest's default second.
    }, { timeout: 10_000 }).toBe('gone');
    const metrics = (await (await fetch(`${server.url}/metrics`)).json()) as { captions: { active: number } };
    expect(metrics.captions.active).toBe(0);
    sse.close();
  });
});
