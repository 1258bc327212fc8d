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
