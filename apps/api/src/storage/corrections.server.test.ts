import { CorrectionExportRowSchema, SessionResponseSchema } from '@linnet/shared';
import { serviceEvent, speakerEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { call, postJson, publish, startSession, useStorageServer } from './testing.js';

describe('corrections', () => {
  const storage = useStorageServer();

  it('takes ratings of kept and live events and exports only the opted-in ones, without ids or audio', async () => {
    const server = storage.server;
    const kept = await startSession(server, { keep: true });
    const [tenseId, captionId] = publish(server, kept, [
      toneEvent({ label: 'Tense', confidence: 0.7, shift_magnitude: 0.5, prosody_flags: ['loud'], timestamp: 3 }),
      transcriptEvent({ text: 'fine', plain_text: 'fine', timestamp: 4, tone: { label: 'Calm', confidence: 0.6, subtext: '' } }),
    ]);
    await call(`${server.url}/session/${kept}/end`, { method: 'DELETE' });
    const live = await startSession(server);
    const [liveToneId] = publish(server, live, [toneEvent({ label: 'Rushed', timestamp: 9 })]);

    const down = await postJson(`${server.url}/corrections`, {
      session_id: kept,
      event_id: tenseId,
      rating: 'down',
      corrected_label: 'Animated',
      note: '  she was excited, not tense ',
      share: true,
    });
    expect(down).toMatchObject({ status: 201, body: { correction_id: 1, total: 1 } });
    expect(await postJson(`${server.url}/corrections`, { session_id: kept, event_id: captionId, rating: 'up' })).toMatchObject({
      status: 201,
      body: { correction_id: 2, total: 2 },
    });
    expect(
      await postJson(`${server.url}/corrections`, { session_id: live, event_id: liveToneId, rating: 'down', corrected_label: 'none', share: true }),
    ).toMatchObject({ status: 201, body: { total: 3 } });

    const exported = await call(`${server.url}/corrections/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const rows = String(exported.body)
      .trimEnd()
      .split('\n')
      .map((line) => CorrectionExportRowSchema.parse(JSON.parse(line)));
    expect(rows.map(({ created_at: _, ...row }) => row)).toEqual([
      {
        correction_id: 1,
        event_type: 'tone',
        shown_label: 'Tense',
        rating: 'down',
        corrected_label: 'Animated',
        note: 'she was excited, not tense',
        features: { confidence: 0.7, shift_magnitude: 0.5, shift_direction: 'escalating', prosody_flags: ['loud'], affect: 'urgent', timestamp: 3 },
      },
      // The live session was not kept: its window's features are not either.
      { correction_id: 3, event_type: 'tone', shown_label: 'Rushed', rating: 'down', corrected_label: 'none', note: null, features: null },
    ]);
    expect(String(exported.body)).not.toContain(kept);
    expect(String(exported.body)).not.toContain(live);
  });

  it('rates an event of a running kept session that the replay buffer no longer holds', async () => {
    const server = await storage.restart({ env: { sseReplayBuffer: 2 } });
    const id = await startSession(server, { keep: true });
    const [first] = publish(server, id, [toneEvent(), toneEvent(), toneEvent(), toneEvent()]);
    expect(await postJson(`${server.url}/corrections`, { session_id: id, event_id: first, rating: 'up' })).toMatchObject({ status: 201 });
    const forgotten = await startSession(server);
    const [gone] = publish(server, forgotten, [toneEvent(), toneEvent(), toneEvent()]);
    expect(await postJson(`${server.url}/corrections`, { session_id: forgotten, event_id: gone, rating: 'up' })).toMatchObject({
      status: 404,
      body: { code: 'event_not_found' },
    });
  });

  it('answers 404 for an unknown event and 400 for a bad correction', async () => {
    const server = storage.server;
    const id = await startSession(server, { keep: true });
    const [tone, speaker, service] = publish(server, id, [toneEvent(), speakerEvent(), serviceEvent()]);
    const url = `${server.url}/corrections`;
    const unknown = await postJson(url, { session_id: id, event_id: 99, rating: 'up' });
    expect(unknown).toEqual({ status: 404, body: { code: 'event_not_found', detail: `No event 99 in session ${id}` }, headers: expect.anything() });
    expect(await postJson(url, { session_id: 'Zk3_-aQ9vX0pLmN2bC4dEw', event_id: 1, rating: 'up' })).toMatchObject({ status: 404, body: { code: 'event_not_found' } });
    const bad: Array<[unknown, string]> = [
      [{ session_id: id, event_id: tone, rating: 'meh' }, 'rating'],
      [{ session_id: id, event_id: 0, rating: 'up' }, 'event_id'],
      [{ session_id: id, event_id: tone, rating: 'up', colour: 'red' }, '"colour" is not a known field'],
      [{ session_id: id, event_id: tone, rating: 'down', corrected_label: 'Grumpy' }, 'corrected_label must be one of Calm, Matter-of-fact'],
      [{ session_id: id, event_id: speaker, rating: 'down', corrected_label: 'Calm' }, 'corrected_label must be one of human_single, no_speaker, human_multiple, none'],
      [{ session_id: id, event_id: tone, rating: 'up', corrected_label: 'Calm' }, 'corrected_label goes with a thumbs down only'],
      [{ session_id: id, event_id: service, rating: 'down' }, 'a service event has no label to rate'],
      [{ session_id: id, event_id: tone, rating: 'up', note: 'x'.repeat(501) }, 'note'],
    ];
    for (const [body, detail] of bad) {
      const answer = await postJson(url, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining(detail) });
    }
    expect(await call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });
});

describe('resume', () => {
  const storage = useStorageServer();

  it('starts a live session with the kept one’s settings, tone history and captions, kept and linked', async () => {
    const server = storage.server;
    const first = await startSession(server, { keep: true, elcor: true, window_ms: 2000, transcribe: false });
    publish(server, first, [
      toneEvent({ label: 'Hesitant', timestamp: 2 }),
      transcriptEvent({ text: 'I wanted to ask about the bill', plain_text: 'I wanted to ask about the bill', start: 2, timestamp: 2 }),
    ]);
    await call(`${server.url}/session/${first}/end`, { method: 'DELETE' });

    const resumed = await postJson(`${server.url}/session/resume`, { from: first });
    expect(resumed.status).toBe(200);
    const session = SessionResponseSchema.parse(resumed.body);
    expect(session).toEqual({ session_id: expect.any(String), state: 'running', elcor: true, keep: true, resumed_from: first });
    expect(session.session_id).not.toBe(first);
    const live = server.store.get(session.session_id)!;
    expect({ windowMs: live.windowMs, transcribe: live.transcribe }).toEqual({ windowMs: 2000, transcribe: false });

    const history = (await call(`${server.url}/session/${session.session_id}/history`)).body as { events: Array<{ label: string; session_id: string }> };
    expect(history.events.map((e) => [e.label, e.session_id])).toEqual([['Hesitant', session.session_id]]);
    const md = await call(`${server.url}/session/${session.session_id}/export?format=md`);
    expect(md.body).toContain('I wanted to ask about the bill');

    publish(server, session.session_id, [transcriptEvent({ text: 'and the refund', plain_text: 'and the refund' })]);
    expect(await call(`${server.url}/session/${session.session_id}/end`, { method: 'DELETE' })).toMatchObject({ body: { keep: 'kept' } });
    const kept = (await call(`${server.url}/sessions/${session.session_id}`)).body;
    expect(kept).toMatchObject({ resumed_from: first, first_words: 'and the refund', settings: { elcor: true, window_ms: 2000, transcribe: false } });
  });

  it('answers 404 for a conversation that was not kept and 400 for a bad request', async () => {
    const server = storage.server;
    const live = await startSession(server);
    expect(await postJson(`${server.url}/session/resume`, { from: live })).toMatchObject({ status: 404, body: { code: 'session_not_found' } });
    expect(await postJson(`${server.url}/session/resume`, {})).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect(await postJson(`${server.url}/session/resume`, { from: 'a/b' })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect((await call(`${server.url}/session/resume`, { method: 'POST' })).status).toBe(400);
  });
});
