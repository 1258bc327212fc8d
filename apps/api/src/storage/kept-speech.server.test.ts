import { join } from 'node:path';
import { KeptSessionSchema, KeptSessionsResponseSchema, TranscriptEventSchema } from '@linnet/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFaintNoise, fliteSpeech, joinPcm } from '../captions/testing/flite-speech.js';
import { createPocketsphinx } from '../captions/pocketsphinx.js';
import { startServer, type RunningServer } from '../server.js';
import { streamPcm } from '../testing/audio-client.js';
import { openSse } from '../testing/sse-client.js';
import { call, startSession, tempDir } from './testing.js';

// Real speech (flite), the real prosody engine in its worker threads and real pocketsphinx: what a
// kept conversation holds after a restart, searched by a word pocketsphinx heard.
describe('a spoken conversation, kept', { timeout: 120_000 }, () => {
  let temp: ReturnType<typeof tempDir>;
  let speech: Int16Array;
  const SENTENCES = ['the weather is lovely today', 'i would like to order a pizza with cheese', 'please call me back tomorrow morning'];
  // Where the last sentence starts in the stream: once a caption starts there, the whole conversation was captioned.
  let lastSentenceS = 0;
  let server: RunningServer | undefined;
  const pocketsphinx = createPocketsphinx();
  const start = (db: string) =>
    startServer({ recogniser: pocketsphinx, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', db, engineWorkers: 1 } });

  beforeAll(() => {
    temp = tempDir();
    // Three sentences: a voice gets no tone label until the baseline has learnt from four speech windows.
    const parts = SENTENCES.map((sentence, i) => addFaintNoise(fliteSpeech(temp.dir, `s${i}`, sentence, { before: 0, after: 1.5 })));
    speech = joinPcm(parts);
    lastSentenceS = (parts[0]!.length + parts[1]!.length) / 16_000;
  });
  afterAll(async () => {
    await server?.close();
    temp.remove();
  });

  it('keeps its captions and tone across a restart and finds it by a word that was said', async () => {
    const db = join(temp.dir, 'linnet.db');
    server = await start(db);
    const id = await startSession(server, { keep: true });
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    await streamPcm(server.url, id, speech);
    await sse.waitFor(
      (item) => item.kind === 'event' && item.event === 'transcript-event' && TranscriptEventSchema.parse(item.data).start! >= lastSentenceS - 0.5,
      30_000,
    );
    expect(await call(`${server.url}/session/${id}/end`, { method: 'DELETE' })).toMatchObject({ body: { keep: 'kept' } });
    const live = sse.events().filter((e) => ['tone-event', 'transcript-event', 'speaker-event', 'queue-event'].includes(e.event));
    // A word that was said and that pocketsphinx heard: which words it hears varies from run to run (it once heard
    // "please call me back to mama"), and what is searched is the kept conversation, not the recogniser.
    const said = new Set(SENTENCES.join(' ').split(' ').filter((word) => word.length >= 5));
    const heard = live.filter((e) => e.event === 'transcript-event').flatMap((e) => TranscriptEventSchema.parse(e.data).plain_text!.split(' '));
    const word = heard.find((w) => said.has(w));
    expect(word).toBeDefined();
    await server.close();

    server = await start(db);
    const found = KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions?q=${word}`)).body);
    expect(found.sessions.map((s) => s.session_id)).toEqual([id]);
    const kept = KeptSessionSchema.parse((await call(`${server.url}/sessions/${id}`)).body);
    // Exactly what the stream carried, with the same ids: corrections can name them.
    expect(kept.events.map(({ id: eventId, event }) => [eventId, event])).toEqual(live.map((e) => [e.id, e.data]));
    expect(kept.events.some(({ event }) => event.event_type === 'tone')).toBe(true);
    const md = await call(`${server.url}/sessions/${id}/export?format=md`);
    expect(md.body).toContain(word);
  });
});
