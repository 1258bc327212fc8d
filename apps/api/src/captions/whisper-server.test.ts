import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionResponseSchema, TranscriptEventSchema } from '@linnet/shared';
import { startServer, type RunningServer } from '../server.js';
import { streamPcm } from '../testing/audio-client.js';
import { openSse } from '../testing/sse-client.js';
import { addFaintNoise, fliteSpeech } from './testing/flite-speech.js';
import { startWhisperStandIn, type WhisperStandIn } from './testing/whisper-stand-in.js';
import { wordsQuestionTone } from './question-words.js';
import { QUIET_ROOM_DB } from './speech-to-noise.js';
import { WORDS_QUESTION_BY_SNR } from './words-question-snr-table.js';

/** One flite sentence at 16 kHz, then 2 s of faint noise so the engine hears the utterance end. */
function sentence(dir: string): Int16Array {
  return addFaintNoise(fliteSpeech(dir, 'speech', 'please call me back tomorrow morning', { before: 0.5, after: 2 }));
}

// TRANSCRIBER=whisper as start-up selects it (env → selectRecogniser → the whisper adapter), against
// the stand-in that checks each request as whisper.cpp's server does.
describe('live captions from a whisper server', { timeout: 60_000 }, () => {
  let dir: string;
  let standIn: WhisperStandIn;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-whisper-'));
    standIn = await startWhisperStandIn('whispercpp', [{ text: ' Please call me back tomorrow morning.\n' }]);
    server = await startServer({
      env: {
        port: 0,
        host: '127.0.0.1',
        webDistDir: '/nonexistent',
        transcriber: 'whisper',
        whisper: { url: standIn.url, api: 'whispercpp', model: 'whisper-1', timeoutMs: 5_000 },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each utterance as one in-memory WAV and streams its words back as a caption', async () => {
    const start = await fetch(`${server.url}/session/start`, { method: 'POST' });
    const id = SessionResponseSchema.parse(await start.json()).session_id;
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    await streamPcm(server.url, id, sentence(dir));
    const item = await sse.waitFor((entry) => entry.kind === 'event' && entry.event === 'transcript-event', 20_000);
    const caption = TranscriptEventSchema.parse(item.kind === 'event' ? item.data : null);
    expect(caption).toMatchObject({ session_id: id, plain_text: 'Please call me back tomorrow morning.', speaker_id: 'speaker_a' });
    expect(caption.end!).toBeGreaterThan(caption.start!);
    expect(standIn.refusals).toEqual([]);
    expect(standIn.requests.length).toBeGreaterThanOrEqual(1);
    expect(standIn.requests[0]).toMatchObject({ path: '/inference', sampleRate: 16_000, fields: { response_format: 'json' } });
    // The utterance sent is speech-sized: between half a second and the 8 s cap.
    expect(standIn.requests[0]!.samples).toBeGreaterThan(8_000);
    expect(standIn.requests[0]!.samples).toBeLessThanOrEqual(8 * 16_000);
    expect((await (await fetch(`${server.url}/metrics`)).json())).toMatchObject({ captions: { recogniser: 'whisper' } });
    sse.close();
  });
});

// The words rule's confidence follows the room's noise whichever recogniser heard the words: here the stand-in
// answers every utterance with the same question, so only the audio's noise differs between the two sessions.
describe('a question read from whisper’s words, in a quiet and in a noisy room', { timeout: 60_000 }, () => {
  let dir: string;
  let standIn: WhisperStandIn;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-whisper-noise-'));
    standIn = await startWhisperStandIn('whispercpp', Array.from({ length: 8 }, () => ({ text: ' Can you call me back tomorrow morning?\n' })));
    server = await startServer({
      env: {
        port: 0,
        host: '127.0.0.1',
        webDistDir: '/nonexistent',
        transcriber: 'whisper',
        whisper: { url: standIn.url, api: 'whispercpp', model: 'whisper-1', timeoutMs: 5_000 },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('quotes it less surely when white noise 16 dB under the voice fills the room', async () => {
    const question = addFaintNoise(fliteSpeech(dir, 'question', 'can you call me back tomorrow morning', { before: 1, after: 2 }));
    // Seeded uniform white noise at -30 dBFS RMS (flite's voice is about -14 dBFS RMS).
    let state = 11;
    const amplitude = 32768 * Math.sqrt(3) * 10 ** (-30 / 20);
    const noisy = question.map((sample) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.max(-32768, Math.min(32767, Math.round(sample + amplitude * (state / 2 ** 31 - 1))));
    });
    const toneOf = async (samples: Int16Array) => {
      const start = await fetch(`${server.url}/session/start`, { method: 'POST' });
      const id = SessionResponseSchema.parse(await start.json()).session_id;
      const sse = await openSse(`${server.url}/session/${id}/stream`);
      await streamPcm(server.url, id, samples);
      const item = await sse.waitFor((entry) => entry.kind === 'event' && entry.event === 'transcript-event', 20_000);
      sse.close();
      return TranscriptEventSchema.parse(item.kind === 'event' ? item.data : null).tone;
    };
    const quiet = await toneOf(question);
    const loud = await toneOf(noisy);
    expect(quiet).toEqual(wordsQuestionTone(QUIET_ROOM_DB));
    expect(loud).toMatchObject({ label: 'Questioning', source: 'words' });
    // Between the 10 and 20 dB knots: well under the quiet room's figure, never under the noisiest one.
    expect(loud!.confidence).toBeLessThan(quiet!.confidence - 0.05);
    expect(loud!.confidence).toBeGreaterThanOrEqual(WORDS_QUESTION_BY_SNR.precision[0]!);
    expect(standIn.refusals).toEqual([]);
  });
});
