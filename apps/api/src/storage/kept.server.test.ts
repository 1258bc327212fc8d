import { statSync } from 'node:fs';
import { join } from 'node:path';
import { queueEvent, speakerEvent, toneEvent, transcriptEvent, environEvent } from '@linnet/shared/testing';
import { KeptSessionSchema, KeptSessionsResponseSchema } from '@linnet/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../lib/clock.js';
import type { RunningServer } from '../server.js';
import { openSse } from '../testing/sse-client.js';
import { call, postJson, publish, startSession, startStorageServer, tempDir } from './testing.js';

const DAY_MS = 86_400_000;

describe('kept conversations', () => {
  let temp: ReturnType<typeof tempDir>;
  let db: string;
  let server: RunningServer | undefined;

  beforeEach(() => {
    temp = tempDir();
    // A folder that does not exist yet: start-up creates it.
    db = join(temp.dir, 'nested', 'linnet.db');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    temp.remove();
  });

  it('keeps a conversation across a restart, in a 0700 folder and a 0600 file, and never without keep', async () => {
    server = await startStorageServer(db);
    const kept = await startSession(server, { keep: true, elcor: true, window_ms: 1500 });
    const forgotten = await startSession(server);
    publish(server, kept, [
      queueEvent({ label: 'ringback', timestamp: 0.5 }),
      speakerEvent({ timestamp: 3 }),
      toneEvent({ label: 'Calm', timestamp: 4 }),
      transcriptEvent({ text: '[Calm] Good morning, surgery', plain_text: 'Good morning, surgery', timestamp: 4, start: 4, end: 5.5, tone: { label: 'Calm', confidence: 0.8, subtext: '' } }),
      toneEvent({ label: 'Tense', timestamp: 6 }),
      toneEvent({ label: 'Tense', timestamp: 7 }),
      environEvent({ timestamp: 8 }),
    ]);
    publish(server, forgotten, [transcriptEvent({ text: 'not for keeping' })]);
    const stream = await openSse(`${server.url}/session/${kept}/stream`);
    const ended = await call(`${server.url}/session/${kept}/end`, { method: 'DELETE' });
    expect(ended).toMatchObject({ status: 200, body: { session_id: kept, state: 'stopped', keep: 'kept' } });
    const last = await stream.waitFor((item) => item.kind === 'event' && item.event === 'session-ended');
    expect(last).toMatchObject({ data: { session_id: kept, reason: 'ended', keep: 'kept' } });
    await call(`${server.url}/session/${forgotten}/end`, { method: 'DELETE' });
    await server.close();

    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(join(temp.dir, 'nested')).mode & 0o777).toBe(0o700);

    server = await startStorageServer(db);
    const list = await call(`${server.url}/sessions`);
    expect(list.status).toBe(200);
    const { sessions } = KeptSessionsResponseSchema.parse(list.body);
    expect(sessions.map((s) => s.session_id)).toEqual([kept]);
    expect(sessions[0]).toMatchObject({
      end_reason: 'ended',
      first_words: 'Good morning, surgery',
      tones: [
        { label: 'Tense', share: 0.667 },
        { label: 'Calm', share: 0.333 },
      ],
      caption_count: 1,
      // The environ event is not part of a kept conversation.
      event_count: 6,
      resumed_from: null,
    });
    const detail = KeptSessionSchema.parse((await call(`${server.url}/sessions/${kept}`)).body);
    expect(detail.settings).toEqual({ elcor: true, window_ms: 1500, transcribe: true });
    expect(detail.events.map(({ id, event }) => [id, event.event_type])).toEqual([
      [1, 'queue'],
      [2, 'speaker'],
      [3, 'tone'],
      [4, 'transcript'],
      [5, 'tone'],
      [6, 'tone'],
    ]);
    expect(detail.events.every(({ event }) => event.session_id === kept)).toBe(true);
  });

  it('exports a kept conversation as Markdown, WebVTT and JSON', async () => {
    server = await startStorageServer(db);
    const id = await startSession(server, { keep: true });
    publish(server, id, [
      transcriptEvent({ text: 'Your appointment is at three', plain_text: 'Your appointment is at three', start: 62, end: 64.5, timestamp: 62, tone: { label: 'Matter-of-fact', confidence: 0.9, subtext: '' } }),
    ]);
    await call(`${server.url}/session/${id}/end`, { method: 'DELETE' });

    const md = await call(`${server.url}/sessions/${id}/export?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe(`attachment; filename="linnet-conversation-${id}.md"`);
    expect(md.body).toContain('- **01:02** (Matter-of-fact, very likely) Your appointment is at three');
    const vtt = await call(`${server.url}/sessions/${id}/export?format=vtt`);
    expect(vtt.body).toBe('WEBVTT\n\n1\n00:01:02.000 --> 00:01:04.500\n[Matter-of-fact] Your appointment is at three\n');
    const json = await call(`${server.url}/sessions/${id}/export`);
    expect(KeptSessionSchema.parse(json.body).events).toHaveLength(1);
    expect(await call(`${server.url}/sessions/${id}/export?format=pdf`)).toMatchObject({ status: 400, body: { code: 'invalid_query' } });
  });

  it('searches caption text with FTS5, newest first, and pages with before', async () => {
    const clock = createManualClock(Date.now());
    server = await startStorageServer(db, { clock });
    const said = ['the pharmacy closes at six', 'Pharmacy: your prescription is ready', 'nothing about medicine here'];
    const ids: string[] = [];
    for (const text of said) {
      const id = await startSession(server, { keep: true });
      publish(server, id, [transcriptEvent({ text, plain_text: text })]);
      await call(`${server.url}/session/${id}/end`, { method: 'DELETE' });
      ids.push(id);
      // started_at is wall-clock with millisecond precision: keep the three apart.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const found = KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions?q=pharmacy`)).body);
    expect(found.sessions.map((s) => s.session_id)).toEqual([ids[1], ids[0]]);
    // Prefixes match, case and word order do not matter.
    const prefix = KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions?q=${encodeURIComponent('READY prescr')}`)).body);
    expect(prefix.sessions.map((s) => s.session_id)).toEqual([ids[1]]);
    // FTS5 syntax in the query is searched for, not obeyed (and never a 500).
    for (const q of ['"', 'AND', 'pharmacy OR', '*', 'NEAR(a b)', 'col:x']) {
      const answer = await call(`${server.url}/sessions?q=${encodeURIComponent(q)}`);
      expect(answer.status, q).toBe(200);
    }
    const page1 = KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions?limit=2`)).body);
    expect(page1.sessions.map((s) => s.session_id)).toEqual([ids[2], ids[1]]);
    expect(page1.next_before).toBe(page1.sessions[1]!.started_at);
    const page2 = KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions?limit=2&before=${encodeURIComponent(page1.next_before!)}`)).body);
    expect(page2).toEqual({ count: 1, sessions: [expect.objectContaining({ session_id: ids[0] })], next_before: null });
  });

  it('answers bad queries and ids with 4xx {detail, code}', async () => {
    server = await startStorageServer(db);
    const cases: Array<[string, RequestInit, number, string]> = [
      ['/sessions?limit=0', {}, 400, 'invalid_query'],
      ['/sessions?limit=abc', {}, 400, 'invalid_query'],
      ['/sessions?before=yesterday', {}, 400, 'invalid_query'],
      ['/sessions?colour=red', {}, 400, 'invalid_query'],
      [`/sessions?q=${'x'.repeat(201)}`, {}, 400, 'invalid_query'],
      ['/sessions/not%20an%20id', {}, 400, 'invalid_session_id'],
      ['/sessions/Zk3_-aQ9vX0pLmN2bC4dEw', {}, 404, 'session_not_found'],
      ['/sessions/Zk3_-aQ9vX0pLmN2bC4dEw', { method: 'DELETE' }, 404, 'session_not_found'],
      ['/sessions/Zk3_-aQ9vX0pLmN2bC4dEw/export?format=md', {}, 404, 'session_not_found'],
    ];
    for (const [path, init, status, code] of cases) {
      const answer = await call(`${server.url}${path}`, init);
      expect({ path, status: answer.status, code: (answer.body as { code: string }).code }).toEqual({ path, status, code });
      expect((answer.body as { detail: string }).detail.length).toBeGreaterThan(0);
    }
    expect(await postJson(`${server.url}/session/start`, { keep: 'yes' })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });

  it('deletes one conversation and then all, and their captions leave the search index', async () => {
    server = await startStorageServer(db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await startSession(server, { keep: true });
      publish(server, id, [transcriptEvent({ text: `meeting number ${i}`, plain_text: `meeting number ${i}` })]);
      await call(`${server.url}/session/${id}/end`, { method: 'DELETE' });
      ids.push(id);
    }
    expect(await call(`${server.url}/sessions/${ids[0]}`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { deleted: 1 } });
    expect((await call(`${server.url}/sessions/${ids[0]}`)).status).toBe(404);
    expect(KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions?q=meeting`)).body).count).toBe(2);
    expect(await call(`${server.url}/sessions`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { deleted: 2 } });
    expect((await call(`${server.url}/sessions`)).body).toEqual({ count: 0, sessions: [], next_before: null });
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM kept_captions').get()).toEqual({ n: 0 });
    expect(raw.prepare('SELECT count(*) AS n FROM kept_events').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('writes every kept conversation when many sessions end at once', async () => {
    // 25 sessions from one test client: above the per-address default, as if from 25 phones.
    server = await startStorageServer(db, { env: { maxSessionsPerClient: 25 } });
    const ids = await Promise.all(Array.from({ length: 20 }, () => startSession(server!, { keep: true })));
    ids.forEach((id, i) => publish(server!, id, [transcriptEvent({ text: `caller ${i} speaking`, plain_text: `caller ${i} speaking` }), toneEvent()]));
    const ends = await Promise.all(ids.map((id) => call(`${server!.url}/session/${id}/end`, { method: 'DELETE' })));
    expect(ends.map((end) => (end.body as { keep: string }).keep)).toEqual(ids.map(() => 'kept'));
    // The rest end together at shutdown.
    const atShutdown = await Promise.all(Array.from({ length: 5 }, () => startSession(server!, { keep: true })));
    await server.close();
    server = await startStorageServer(db);
    const list = KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions?limit=100`)).body);
    expect(new Set(list.sessions.map((s) => s.session_id))).toEqual(new Set([...ids, ...atShutdown]));
    expect(list.sessions.filter((s) => s.end_reason === 'shutdown')).toHaveLength(5);
    for (const [i, id] of ids.entries()) {
      expect(list.sessions.find((s) => s.session_id === id)?.first_words).toBe(`caller ${i} speaking`);
    }
  });

  it('purges conversations older than RETENTION_DAYS at start-up and on each daily pass', async () => {
    const clock = createManualClock(Date.parse('2026-03-01T12:00:00Z'));
    server = await startStorageServer(db, { clock, env: { retentionDays: 30 } });
    const old = await startSession(server, { keep: true });
    await call(`${server.url}/session/${old}/end`, { method: 'DELETE' });
    clock.advance(10 * DAY_MS);
    const recent = await startSession(server, { keep: true });
    await call(`${server.url}/session/${recent}/end`, { method: 'DELETE' });

    clock.advance(20 * DAY_MS - 1);
    expect(server.storage!.retention.purgeOnce()).toBe(0);
    clock.advance(2);
    expect(server.storage!.retention.purgeOnce()).toBe(1);
    expect((await call(`${server.url}/sessions/${old}`)).status).toBe(404);
    expect((await call(`${server.url}/sessions/${recent}`)).status).toBe(200);
    await server.close();

    // Start-up purges too: ten days later the other one is past 30 days.
    clock.advance(10 * DAY_MS);
    server = await startStorageServer(db, { clock, env: { retentionDays: 30 } });
    expect((await call(`${server.url}/sessions`)).body).toEqual({ count: 0, sessions: [], next_before: null });
    expect(((await call(`${server.url}/metrics`)).body as { storage: { kept_purged: number } }).storage.kept_purged).toBe(1);
  });
});
