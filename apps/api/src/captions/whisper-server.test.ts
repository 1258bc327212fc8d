import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionResponseSchema, TranscriptEventSchema } from '@linnet/shared';
import { startServer, type RunningServer } from '../server.js';
import { streamPcm } from '../testing/audio-client.js';
import { openSse } from '../testing/sse-client.js';
import { addFaintNoise, fliteSpeech } from './testing/flite-speech.js';
import { withWhiteNoise } from './testing/white-noise.js';
import { startWhisperStandIn, type StandInAnswer, type WhisperStandIn } from './testing/whisper-stand-in.js';
import { wordsQuestionTone } from './question-words.js';
import { QUIET_ROOM_DB } from './speech-to-noise.js';
import { WORDS_QUESTION_BY_SNR } from './words-question-snr-table.js';

/** One flite sentence at 16 kHz, then 2 s of faint noise so the engine hears the utterance end. */
function sentence(dir: string): Int16Array {
  return addFaintNoise(fliteSpeech(dir, 'speech', 'please call me back tomorrow morning', { before: 0.5, after: 2 }));
}

/**
 * A server started as TRANSCRIBER=whisper selects it (env → selectRecogniser → the whisper adapter), against a
 * stand-in that checks each request as whisper.cpp's server does and answers `answers` in order, and a scratch
 * folder; both for the tests of one describe block.
 */
function whisperServer(prefix: string, answers: StandInAnswer[]) {
  const ctx = {} as { dir: string; standIn: WhisperStandIn; server: RunningServer };
  beforeAll(async () => {
    ctx.dir = mkdtempSync(join(tmpdir(), prefix));
    ctx.standIn = await startWhisperStandIn('whispercpp', answers);
    ctx.server = await startServer({
      env: {
        port: 0,
        host: '127.0.0.1',
        webDistDir: '/nonexistent',
        transcriber: 'whisper',
        whisper: { url: ctx.standIn.url, api: 'whispercpp', model: 'whisper-1', timeoutMs: 5_000 },
      },
    });
  });
  afterAll(async () => {
    await ctx.server?.close();
    await ctx.standIn?.close();
    rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}

describe('live captions from a whisper server', { timeout: 60_000 }, () => {
  const ctx = whisperServer('linnet-whisper-', [{ text: ' Please call me back tomorrow morning.\n' }]);

  it('sends each utterance as one in-memory WAV and streams its words back as a caption', async () => {
    const start = await fetch(`${ctx.server.url}/session/start`, { method: 'POST' });
    const id = SessionResponseSchema.parse(await start.json()).session_id;
    const sse = await openSse(`${ctx.server.url}/session/${id}/stream`);
    await streamPcm(ctx.server.url, id, sentence(ctx.dir));
    const item = await sse.waitFor((entry) => entry.kind === 'event' && entry.event === 'transcript-event', 20_000);
    const caption = TranscriptEventSchema.parse(item.kind === 'event' ? item.data : null);
    expect(caption).toMatchObject({ session_id: id, plain_text: 'Please call me back tomorrow morning.', speaker_id: 'speaker_a' });
    expect(caption.end!).toBeGreaterThan(caption.start!);
    expect(ctx.standIn.refusals).toEqual([]);
    expect(ctx.standIn.requests.length).toBeGreaterThanOrEqual(1);
    expect(ctx.standIn.requests[0]).toMatchObject({ path: '/inference', sampleRate: 16_000, fields: { response_format: 'json' } });
    // The utterance sent is speech-sized: between half a second and the 8 s cap.
    expect(ctx.standIn.requests[0]!.samples).toBeGreaterThan(8_000);
    expect(ctx.standIn.requests[0]!.samples).toBeLessThanOrEqual(8 * 16_000);
    expect((await (await fetch(`${ctx.server.url}/metrics`)).json())).toMatchObject({ captions: { recogniser: 'whisper' } });
    sse.close();
  });
});

// The words rule's confidence follows the room's noise whichever recogniser heard the words: here the stand-in
// answers every utterance with the same question, so only the audio's noise differs between the two sessions.
describe('a question read from whisper’s words, in a quiet and in a noisy room', { timeout: 60_000 }, () => {
  const ctx = whisperServer('linnet-whisper-noise-', Array.from({ length: 8 }, () => ({ text: ' Can you call me back tomorrow morning?\n' })));

  it('quotes it less surely when white noise 16 dB under the voice fills the room', async () => {
    const question = addFaintNoise(fliteSpeech(ctx.dir, 'question', 'can you call me back tomorrow morning', { before: 1, after: 2 }));
    // White noise at -30 dBFS RMS (flite's voice is about -14 dBFS RMS).
    const noisy = withWhiteNoise(question, -30, 11);
    const toneOf = async (samples: Int16Array) => {
      const start = await fetch(`${ctx.server.url}/session/start`, { method: 'POST' });
      const id = SessionResponseSchema.parse(await start.json()).session_id;
      const sse = await openSse(`${ctx.server.url}/session/${id}/stream`);
      await streamPcm(ctx.server.url, id, samples);
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
    expect(ctx.standIn.refusals).toEqual([]);
  });

  it('judges a question asked after the microphone was off by the room it is asked in, not the quiet room before', async () => {
    const question = addFaintNoise(fliteSpeech(ctx.dir, 'question', 'can you call me back tomorrow morning', { before: 1, after: 2 }));
    // Session time counts audio received (each stream padded to a whole 1 s window): the second stream starts here.
    const secondStartS = Math.ceil(question.length / 16_000);
    const start = await fetch(`${ctx.server.url}/session/start`, { method: 'POST' });
    const id = SessionResponseSchema.parse(await start.json()).session_id;
    const sse = await openSse(`${ctx.server.url}/session/${id}/stream`);
    const captions = () =>
      sse.events().flatMap((item) => (item.event === 'transcript-event' ? [TranscriptEventSchema.parse(item.data)] : []));
    // The same session, two sockets: a question in a quiet room, the socket closed (mic off), then one in a noisy room.
    await streamPcm(ctx.server.url, id, question);
    await sse.waitFor((item) => item.kind === 'event' && item.event === 'transcript-event', 20_000);
    await streamPcm(ctx.server.url, id, withWhiteNoise(question, -30, 12));
    await sse.waitFor((item) => item.kind === 'event' && item.event === 'transcript-event' && TranscriptEventSchema.parse(item.data).start! >= secondStartS, 20_000);
    sse.close();
    // The stand-in may cut one stream into more than one utterance; every caption of the quiet stream is quoted as quiet.
    const quiet = captions().filter((caption) => caption.start! < secondStartS);
    const noisy = captions().filter((caption) => caption.start! >= secondStartS);
    expect(quiet.length).toBeGreaterThan(0);
    for (const caption of quiet) expect(caption.tone).toEqual(wordsQuestionTone(QUIET_ROOM_DB));
    // The quiet room's frames are half of those held: were they counted, the noisy room would read as quiet.
    expect(noisy[0]!.tone).toMatchObject({ label: 'Questioning', source: 'words' });
    expect(noisy[0]!.tone!.confidence).toBeLessThan(wordsQuestionTone(QUIET_ROOM_DB).confidence - 0.05);
    expect(ctx.standIn.refusals).toEqual([]);
  });
});
