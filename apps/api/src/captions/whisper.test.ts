import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '@linnet/engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../lib/logger.js';
import { startWhisperStandIn, type StandInAnswer, type WhisperStandIn } from './testing/whisper-stand-in.js';
import type { RecognisedWord, RecogniserSession, RecogniserTrouble } from './transcriber.js';
import { createWhisperRecogniser, spreadWords, type WhisperRecogniserOptions } from './whisper.js';
import type { WhisperApi } from './whisper-client.js';

/**
 * Waits on real child processes and sockets. vitest's default of 1 s is a race on a loaded machine
 * (a load average of 20 on 2 cores was seen while these ran): a spawn or a loopback round trip can
 * take seconds there. Only how long a wait may take changes; what is awaited does not.
 */
const REAL_PROCESS_WAIT = { timeout: 15_000 };

const RATE = 16_000;
let standIn: WhisperStandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

interface Heard {
  words: RecognisedWord[][];
  troubles: Array<[RecogniserTrouble, boolean]>;
  /** Requests the stand-in had received when each trouble was reported. */
  requestsAtTrouble: number[];
}

async function open(api: WhisperApi, answers: StandInAnswer[], options: Partial<WhisperRecogniserOptions> = {}) {
  standIn = await startWhisperStandIn(api, answers);
  const server = standIn;
  const recogniser = createWhisperRecogniser({ url: server.url, api, timeoutMs: 2_000, ...options });
  const heard: Heard = { words: [], troubles: [], requestsAtTrouble: [] };
  const session = recogniser.open({
    onWords: (words) => heard.words.push(words),
    onTrouble: (trouble, recovered) => {
      heard.troubles.push([trouble, recovered]);
      heard.requestsAtTrouble.push(server.requests.length);
    },
  });
  return { recogniser, session, heard, server };
}

/** Write `[fromS, toS)` as half-second windows of a quiet tone, each judged `speech`. */
function speak(session: RecogniserSession, fromS: number, toS: number, speech = true): void {
  for (let at = fromS; at < toS - 1e-9; at += 0.5) {
    const pcm = new Int16Array(RATE / 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / RATE));
    session.write(pcm, at);
    session.markSpeech(at, at + 0.5, speech);
  }
}

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('whisper stand-in', () => {
  const wav = () => new Blob([encodeWav({ sampleRate: RATE, samples: new Int16Array(1600) })], { type: 'audio/wav' });
  const post = (server: WhisperStandIn, path: string, body: FormData | string) => fetch(`${server.url}${path}`, { method: 'POST', body });

  it('refuses whisper.cpp requests as whisper-server does', async () => {
    standIn = await startWhisperStandIn('whispercpp', [{ text: 'hi' }]);
    const noFile = new FormData();
    noFile.append('response_format', 'json');
    const notWav = new FormData();
    notWav.append('file', new Blob(['ID3 not a wav at all, just some bytes of an mp3 file here']), 'a.mp3');
    const eightBit = new FormData();
    const bytes = encodeWav({ sampleRate: RATE, samples: new Int16Array(1600) });
    new DataView(bytes.buffer).setUint16(34, 8, true);
    eightBit.append('file', new Blob([bytes]), 'a.wav');
    const wrongPath = new FormData();
    wrongPath.append('file', wav(), 'a.wav');

    const answers = await Promise.all([
      post(standIn, '/v1/audio/transcriptions', wrongPath),
      post(standIn, '/inference', 'file=utterance.wav'),
      post(standIn, '/inference', noFile),
      post(standIn, '/inference', notWav),
      post(standIn, '/inference', eightBit),
    ]);
    expect(await Promise.all(answers.map(async (res) => [res.status, await res.text()]))).toEqual([
      [404, 'File Not Found (/v1/audio/transcriptions)'],
      [400, '{"error":"no \'file\' field in the request"}'],
      [400, '{"error":"no \'file\' field in the request"}'],
      [400, '{"error":"failed to read audio data"}'],
      [400, '{"error":"failed to read audio data"}'],
    ]);
    expect(standIn.requests).toEqual([]);
  });

  it('refuses OpenAI-style requests with the documented 400s', async () => {
    standIn = await startWhisperStandIn('openai', [{ text: 'hi' }]);
    const form = (fields: Record<string, string>, file: Blob | null = wav()) => {
      const body = new FormData();
      if (file) body.append('file', file, 'a.wav');
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      return body;
    };
    const answers = await Promise.all([
      post(standIn, '/inference', form({ model: 'whisper-1' })),
      post(standIn, '/v1/audio/transcriptions', JSON.stringify({ model: 'whisper-1' })),
      post(standIn, '/v1/audio/transcriptions', form({ model: 'whisper-1' }, null)),
      post(standIn, '/v1/audio/transcriptions', form({ response_format: 'json' })),
      post(standIn, '/v1/audio/transcriptions', form({ model: 'whisper-1', response_format: 'yaml' })),
      post(standIn, '/v1/audio/transcriptions', form({ model: 'whisper-1' }, new Blob(['RIFF....WAVE']))),
    ]);
    const error = (message: string, param: string | null) => ({ error: { message, type: 'invalid_request_error', param, code: null } });
    expect(await Promise.all(answers.map(async (res) => [res.status, await res.json()]))).toEqual([
      [404, error('Invalid URL (POST /inference)', null)],
      [400, error('Expected multipart/form-data', null)],
      [400, error('No file provided', 'file')],
      [400, error('you must provide a model parameter', 'model')],
      [400, error('Invalid response_format: yaml', 'response_format')],
      [400, error('Invalid file format.', 'file')],
    ]);
    expect(standIn.requests).toEqual([]);
  });
});

describe('createWhisperRecogniser', { timeout: 20_000 }, () => {
  it('sends each utterance to whisper.cpp as a 16 kHz WAV with response_format=json, in order', async () => {
    const { session, heard, server } = await open('whispercpp', [{ text: 'hello there' }, { text: '[BLANK_AUDIO] fine thanks' }]);
    speak(session, 0, 1, false);
    speak(session, 1, 2.5);
    speak(session, 2.5, 3, false);
    speak(session, 3, 4);
    session.flush();
    await vi.waitFor(() => expect(heard.words).toHaveLength(2), REAL_PROCESS_WAIT);
    expect(server.refusals).toEqual([]);
    expect(server.requests).toEqual([
      { path: '/inference', fields: { response_format: 'json', temperature: '0.0' }, fileName: 'utterance.wav', sampleRate: RATE, samples: 1.5 * RATE },
      { path: '/inference', fields: { response_format: 'json', temperature: '0.0' }, fileName: 'utterance.wav', sampleRate: RATE, samples: RATE },
    ]);
    expect(heard.words).toEqual([
      [
        { word: 'hello', startS: 1, endS: 1.75 },
        { word: 'there', startS: 1.75, endS: 2.5 },
      ],
      [
        { word: 'fine', startS: 3, endS: 3.5 },
        { word: 'thanks', startS: 3.5, endS: 4 },
      ],
    ]);
    expect(heard.troubles).toEqual([]);
  });

  it('sends the model and response_format=json to an OpenAI-compatible server', async () => {
    const { session, heard, server, recogniser } = await open('openai', [{ text: 'Fine.' }], { model: 'Systran/faster-whisper-small' });
    speak(session, 0, 1);
    session.flush();
    await vi.waitFor(() => expect(heard.words).toEqual([[{ word: 'Fine.', startS: 0, endS: 1 }]]), REAL_PROCESS_WAIT);
    expect(server.requests.map((request) => [request.path, request.fields])).toEqual([
      ['/v1/audio/transcriptions', { response_format: 'json', model: 'Systran/faster-whisper-small' }],
    ]);
    expect(recogniser.metrics()).toEqual({
      requests: 1,
      succeeded: 1,
      utterances_dropped: 0,
      failed_timeout: 0,
      failed_http_status: 0,
      failed_network: 0,
      failed_malformed: 0,
      failed_rejected: 0,
    });
  });

  it('cuts speech that runs past eight seconds without waiting for a pause', async () => {
    const { session, heard, server } = await open('whispercpp', [{ text: 'one' }, { text: 'two' }]);
    speak(session, 0, 10);
    await vi.waitFor(() => expect(heard.words).toHaveLength(1), REAL_PROCESS_WAIT);
    session.flush();
    await vi.waitFor(() => expect(heard.words).toHaveLength(2), REAL_PROCESS_WAIT);
    expect(server.requests.map((request) => request.samples / RATE)).toEqual([8, 2]);
  });

  it('waits for each answer before sending the next utterance, and reports a timeout then the recovery', async () => {
    const { session, heard, server, recogniser } = await open('whispercpp', [{ hang: true }, { text: 'still here' }], { timeoutMs: 300 });
    speak(session, 0, 1);
    speak(session, 1, 1.5, false);
    speak(session, 1.5, 2.5);
    session.flush();
    await vi.waitFor(() => expect(heard.words).toHaveLength(1), REAL_PROCESS_WAIT);
    expect(heard.troubles).toEqual([
      ['timed_out', false],
      ['timed_out', true],
    ]);
    // When the first call timed out the second utterance had not been sent.
    expect(heard.requestsAtTrouble[0]).toBe(1);
    expect(heard.words[0]!.map((word) => word.word)).toEqual(['still', 'here']);
    expect(server.requests).toHaveLength(2);
    expect(recogniser.metrics()).toMatchObject({ requests: 2, succeeded: 1, failed_timeout: 1 });
  });

  it.each<[string, StandInAnswer, string]>([
    ['an answer that is not JSON', { status: 200, body: '<html>oops' }, 'failed_malformed'],
    ['JSON without text', { status: 200, body: '{"txt":"hi"}' }, 'failed_malformed'],
    ['an answer that never stops', { flood: true }, 'failed_malformed'],
    ['whisper.cpp’s 500', { status: 500, body: '{"error":"failed to process audio"}' }, 'failed_http_status'],
    // Older whisper-server builds refused requests with status 200 and an error body.
    ['an older whisper.cpp’s 200 error body', { status: 200, body: '{"error":"failed to read WAV file"}' }, 'failed_rejected'],
  ])('skips the utterance after %s and keeps captioning', async (_name, failure, counter) => {
    const { session, heard, recogniser } = await open('whispercpp', [failure, { text: 'back again' }], { timeoutMs: 5_000 });
    speak(session, 0, 1);
    speak(session, 1, 1.5, false);
    await vi.waitFor(() => expect(heard.troubles).toEqual([['failed', false]]), REAL_PROCESS_WAIT);
    speak(session, 1.5, 2.5);
    session.flush();
    await vi.waitFor(() => expect(heard.words).toHaveLength(1), REAL_PROCESS_WAIT);
    expect(heard.troubles).toEqual([
      ['failed', false],
      ['failed', true],
    ]);
    expect(recogniser.metrics()).toMatchObject({ requests: 2, succeeded: 1, [counter]: 1 });
  });

  it('counts a refused connection and keeps the session', async () => {
    const recogniser = createWhisperRecogniser({ url: `http://127.0.0.1:${await refusedPort()}`, timeoutMs: 2_000 });
    const troubles: Array<[RecogniserTrouble, boolean]> = [];
    const session = recogniser.open({ onWords: () => undefined, onTrouble: (trouble, recovered) => troubles.push([trouble, recovered]) });
    speak(session, 0, 1);
    session.flush();
    await vi.waitFor(() => expect(troubles).toEqual([['failed', false]]), REAL_PROCESS_WAIT);
    expect(recogniser.metrics()).toMatchObject({ requests: 1, failed_network: 1 });
    expect(() => speak(session, 1, 2)).not.toThrow();
  });

  it('survives a hook that throws and sends the next utterance', async () => {
    standIn = await startWhisperStandIn('whispercpp', [{ text: 'one' }, { text: 'two' }]);
    const recogniser = createWhisperRecogniser({ url: standIn.url });
    const heard: string[] = [];
    const session = recogniser.open({
      onWords: (words) => {
        heard.push(words[0]!.word);
        throw new Error('captioner bug');
      },
      onTrouble: () => undefined,
    });
    speak(session, 0, 1);
    speak(session, 1, 1.5, false);
    speak(session, 1.5, 2.5);
    session.flush();
    await vi.waitFor(() => expect(heard).toEqual(['one', 'two']), REAL_PROCESS_WAIT);
  });

  it('logs a failure without the words, the audio or the session', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    const { session, heard } = await open('whispercpp', [{ status: 503, body: '{"text":"secret words"}' }], { logger });
    speak(session, 0, 1);
    session.flush();
    await vi.waitFor(() => expect(heard.troubles).toHaveLength(1), REAL_PROCESS_WAIT);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      {
        time: expect.any(String),
        level: 'warn',
        event: 'whisper_utterance_dropped',
        kind: 'http_status',
        status: 503,
        reason: 'answered 503',
        audio_s: 1,
        elapsed_ms: expect.any(Number),
      },
    ]);
  });

  it('drops the oldest waiting utterance when the server falls behind', async () => {
    const { session, heard, recogniser } = await open('whispercpp', [{ hang: true }, { text: 'later' }], { timeoutMs: 300 });
    for (let at = 0; at < 5; at++) {
      speak(session, at, at + 0.5);
      speak(session, at + 0.5, at + 1, false);
    }
    await vi.waitFor(() => expect(heard.words).toHaveLength(3), REAL_PROCESS_WAIT);
    expect(recogniser.metrics()).toMatchObject({ requests: 4, utterances_dropped: 1, failed_timeout: 1 });
    expect(heard.words.map((words) => words[0]!.startS)).toEqual([2, 3, 4]);
  });

  it('stops calling the hooks once closed, abandoning the call in flight', async () => {
    const { session, heard, server } = await open('whispercpp', [{ hang: true }]);
    speak(session, 0, 1);
    session.flush();
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), REAL_PROCESS_WAIT);
    session.close();
    speak(session, 1, 2);
    session.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual({ words: [], troubles: [], requestsAtTrouble: [] });
    expect(server.requests).toHaveLength(1);
  });

  it('never writes audio to disk', async () => {
    // A temp directory of its own: test files running alongside create and remove theirs in the shared
    // one (whisper-server.test.ts makes a 'linnet-whisper-' folder), so comparing that one was a race.
    // os.tmpdir() reads TMPDIR on every call, and this file runs in a process of its own.
    const sharedTmp = process.env.TMPDIR;
    const ownTmp = mkdtempSync(join(tmpdir(), 'linnet-no-audio-'));
    process.env.TMPDIR = ownTmp;
    try {
      const { session, heard } = await open('openai', [{ text: 'ok' }]);
      speak(session, 0, 1);
      session.flush();
      await vi.waitFor(() => expect(heard.words).toHaveLength(1), REAL_PROCESS_WAIT);
      expect(readdirSync(ownTmp)).toEqual([]);
    } finally {
      if (sharedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = sharedTmp;
      rmSync(ownTmp, { recursive: true, force: true });
    }
  });
});

describe('spreadWords', () => {
  it('spreads words evenly over the utterance and drops bracketed non-speech', () => {
    expect(spreadWords(' (upbeat music) so  [BLANK_AUDIO] it goes\n', { startS: 2, endS: 5 })).toEqual([
      { word: 'so', startS: 2, endS: 3 },
      { word: 'it', startS: 3, endS: 4 },
      { word: 'goes', startS: 4, endS: 5 },
    ]);
    expect(spreadWords('[BLANK_AUDIO]', { startS: 0, endS: 1 })).toEqual([]);
  });
});
