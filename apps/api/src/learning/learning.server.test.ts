import { join } from 'node:path';
import { LearningResponseSchema, SSE_EVENT_NAMES, ToneEventSchema, TONE_LABELS } from '@linnet/shared';
import { toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { wordsQuestionTone } from '../captions/question-words.js';
import { startServer, type RunningServer } from '../server.js';
import { call, postJson, publish, startSession, tempDir, useStorageServer } from '../storage/testing.js';
import { streamPcm } from '../testing/audio-client.js';
import { openSse } from '../testing/sse-client.js';
import { voicedPcm } from '../workers/testing/voiced-pcm.js';
import { LEARNING_LIMITS } from './label-learning.js';

/** The offset LEARNING_LIMITS' formula gives for `net` over `ratings`, bounded and rounded as learnLabels does. */
const offset = (net: number, ratings: number) =>
  Math.round(Math.max(-LEARNING_LIMITS.maxOffset, Math.min(LEARNING_LIMITS.maxOffset, (LEARNING_LIMITS.step * net) / (ratings + LEARNING_LIMITS.priorRatings))) * 1000) / 1000;
const untouched = TONE_LABELS.map((label) => ({ label, confirmed: 0, rejected: 0, missed: 0, offset: 0 }));

/** Rate `n` fresh tone events labelled `shown` on a live session of `server`. */
async function rate(server: RunningServer, sessionId: string, n: number, shown: string, correction: { rating: 'up' | 'down'; corrected_label?: string }) {
  const ids = publish(server, sessionId, Array.from({ length: n }, (_, i) => toneEvent({ label: shown, timestamp: i })));
  for (const eventId of ids) {
    expect((await postJson(`${server.url}/corrections`, { session_id: sessionId, event_id: eventId, ...correction })).status).toBe(201);
  }
}

describe('GET and DELETE /learning', () => {
  const storage = useStorageServer();

  it('learns from tone corrections as they arrive, keeps it across a restart and forgets it on reset', async () => {
    let server = storage.server;
    expect((await call(`${server.url}/learning`)).body).toEqual({
      corrections: 0,
      min_corrections: LEARNING_LIMITS.minCorrections,
      max_offset: LEARNING_LIMITS.maxOffset,
      active: false,
      labels: untouched,
      reset_at: null,
    });
    const id = await startSession(server);
    await rate(server, id, 4, 'Calm', { rating: 'up' });
    await rate(server, id, 8, 'Calm', { rating: 'down', corrected_label: 'Hesitant' });
    const learnt = LearningResponseSchema.parse((await call(`${server.url}/learning`)).body);
    // Calm step × (0 − 8) / (12 + prior); Hesitant step × 8 / (8 + prior).
    expect([learnt.corrections, learnt.active]).toEqual([12, true]);
    expect(learnt.labels.filter((row) => row.offset !== 0)).toEqual([
      { label: 'Calm', confirmed: 4, rejected: 8, missed: 0, offset: offset(-8, 12) },
      { label: 'Hesitant', confirmed: 0, rejected: 0, missed: 8, offset: offset(8, 8) },
    ]);

    server = await storage.restart();
    expect((await call(`${server.url}/learning`)).body).toEqual(learnt);

    const reset = await call(`${server.url}/learning`, { method: 'DELETE' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ corrections: 0, active: false, labels: untouched });
    expect(Date.parse(LearningResponseSchema.parse(reset.body).reset_at!)).toBeGreaterThan(Date.now() - 60_000);
    // The corrections themselves stay (they are the user's, and exportable); only later ones count.
    const again = await startSession(server);
    await rate(server, again, 1, 'Tense', { rating: 'up' });
    expect((await call(`${server.url}/learning`)).body).toMatchObject({ corrections: 1, active: false });
    server = await storage.restart();
    expect((await call(`${server.url}/learning`)).body).toMatchObject({ corrections: 1, reset_at: LearningResponseSchema.parse(reset.body).reset_at });
  });

  it('does not learn from speaker or call-state corrections', async () => {
    const server = storage.server;
    const id = await startSession(server);
    const ids = publish(server, id, Array.from({ length: 12 }, () => ({ event_type: 'speaker', label: 'human_single', confidence: 0.9, timestamp: 1, session_id: id }) as const));
    for (const eventId of ids) await postJson(`${server.url}/corrections`, { session_id: id, event_id: eventId, rating: 'down', corrected_label: 'no_speaker' });
    expect((await call(`${server.url}/learning`)).body).toMatchObject({ corrections: 0, active: false });
  });

  it('keeps ratings of a caption’s Questioning read from its words without teaching the engine, and learns from the voice’s', async () => {
    const server = storage.server;
    const id = await startSession(server);
    const { source: _, ...unmarked } = wordsQuestionTone(40);
    const caption = (source: 'voice' | 'words' | undefined, i: number) => transcriptEvent({ session_id: id, timestamp: i, tone: source ? { ...unmarked, source } : unmarked });
    const rateCaptions = async (source: 'voice' | 'words' | undefined, n: number) => {
      for (const eventId of publish(server, id, Array.from({ length: n }, (_, i) => caption(source, i)))) {
        expect((await postJson(`${server.url}/corrections`, { session_id: id, event_id: eventId, rating: 'down', corrected_label: 'Calm', share: true })).status).toBe(201);
      }
    };
    await rateCaptions('words', 12);
    expect((await call(`${server.url}/learning`)).body).toMatchObject({ corrections: 0, active: false, labels: untouched });
    // Stored all the same: the user's ratings, counted and exportable.
    expect(String((await call(`${server.url}/corrections/export`)).body).trim().split('\n')).toHaveLength(12);
    // The same ratings of a caption whose Questioning is the voice's (marked, or unmarked as older events are) teach it.
    await rateCaptions('voice', 6);
    await rateCaptions(undefined, 6);
    const learnt = LearningResponseSchema.parse((await call(`${server.url}/learning`)).body);
    expect([learnt.corrections, learnt.active]).toEqual([12, true]);
    expect(learnt.labels.find((row) => row.label === 'Questioning')).toMatchObject({ rejected: 12, offset: offset(-12, 12) });
  });

  it('answers a query it does not take with 400 {detail, code}', async () => {
    const server = storage.server;
    for (const method of ['GET', 'DELETE']) {
      const answer = await call(`${server.url}/learning?labels=Calm`, { method });
      expect([answer.status, answer.body]).toEqual([400, { detail: expect.stringMatching(/^Invalid learning query: /), code: 'invalid_query' }]);
    }
    expect((await call(`${server.url}/learning`)).body).toMatchObject({ reset_at: null });
  });
});

// The real prosody engine in its worker thread: a session started after the user has corrected
// "Matter-of-fact" to "Calm" again and again shows Matter-of-fact less on the same audio.
describe('learnt offsets reach new sessions', { timeout: 120_000 }, () => {
  it('changes what the engine shows for the same voice', async () => {
    const temp = tempDir();
    const server = await startServer({ captions: false, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', db: join(temp.dir, 'linnet.db'), engineWorkers: 1 } });
    const audio = new Int16Array(16_000 * 33);
    audio.set(voicedPcm(30));
    async function shownLabels(): Promise<string[]> {
      const id = await startSession(server);
      const sse = await openSse(`${server.url}/session/${id}/stream`);
      await streamPcm(server.url, id, audio);
      // The voice stops at 30 s: its offset is the last event the audio yields.
      await sse.waitFor((item) => item.kind === 'event' && item.event === SSE_EVENT_NAMES.speaker && (item.data as { label: string }).label === 'no_speaker' && (item.data as { timestamp: number }).timestamp > 29, 60_000);
      sse.close();
      await call(`${server.url}/session/${id}/end`, { method: 'DELETE' });
      return sse.events().filter((item) => item.event === SSE_EVENT_NAMES.tone).map((item) => ToneEventSchema.parse(item.data).label);
    }
    try {
      const before = await shownLabels();
      const corrections = await startSession(server);
      // Enough consistent corrections to reach the bound, so the test shows the largest change learning may make.
      await rate(server, corrections, 60, 'Matter-of-fact', { rating: 'down', corrected_label: 'Calm' });
      expect(LearningResponseSchema.parse((await call(`${server.url}/learning`)).body).labels.filter((row) => row.offset !== 0).map((row) => [row.label, row.offset])).toEqual([
        ['Calm', offset(60, 60)],
        ['Matter-of-fact', offset(-60, 60)],
      ]);
      const after = await shownLabels();
      const count = (labels: string[]) => labels.filter((label) => label === 'Matter-of-fact').length;
      expect(count(before)).toBeGreaterThanOrEqual(4);
      expect(count(after)).toBeLessThan(count(before));
      // Only the offsets changed between the two sessions: the same windows were labelled.
      expect(after.length).toBeGreaterThan(before.length / 2);
    } finally {
      await server.close();
      temp.remove();
    }
  });
});
