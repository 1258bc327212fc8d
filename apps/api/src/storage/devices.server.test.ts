import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorrectionExportRowSchema, KeptSessionsResponseSchema } from '@linnet/shared';
import { toneEvent, transcriptEvent } from '@linnet/shared/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { MIGRATIONS } from './migrations.js';
import { call, DEVICE_A, DEVICE_B, postJson, publish, startSession, startStorageServer, tempDir } from './testing.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('kept conversations and corrections per device', () => {
  let temp: ReturnType<typeof tempDir>;
  let db: string;
  let server: RunningServer;

  beforeEach(async () => {
    temp = tempDir();
    db = join(temp.dir, 'linnet.db');
    server = await startStorageServer(db);
  });
  afterEach(async () => {
    await server.close();
    temp.remove();
  });

  /** One kept conversation of `device` with a caption saying `words`; returns its id and the caption's event id. */
  async function keep(device: string, words: string): Promise<{ id: string; captionId: number }> {
    const id = await startSession(server, { keep: true }, device);
    const [captionId] = publish(server, id, [
      transcriptEvent({ text: words, plain_text: words, timestamp: 1, tone: { label: 'Calm', confidence: 0.7, subtext: '' } }),
      toneEvent({ label: 'Calm', timestamp: 1 }),
    ]);
    expect(await call(`${server.url}/session/${id}/end`, { method: 'DELETE' }, device)).toMatchObject({ body: { keep: 'kept' } });
    return { id, captionId: captionId! };
  }

  const list = async (device: string, query = '') =>
    KeptSessionsResponseSchema.parse((await call(`${server.url}/sessions${query}`, {}, device)).body).sessions.map((s) => s.session_id);

  it('lists, searches, reads, exports, resumes and deletes only what the asking device kept', async () => {
    const a = await keep(DEVICE_A, 'appointment at the pharmacy');
    const b = await keep(DEVICE_B, 'pharmacy closes at six');
    expect(await list(DEVICE_A)).toEqual([a.id]);
    expect(await list(DEVICE_B)).toEqual([b.id]);
    expect(await list(DEVICE_A, '?q=pharmacy')).toEqual([a.id]);

    // Another device's conversation answers exactly as one that never existed.
    const notFound = { status: 404, body: { code: 'session_not_found', detail: `No kept conversation ${b.id}` } };
    expect(await call(`${server.url}/sessions/${b.id}`, {}, DEVICE_A)).toMatchObject(notFound);
    for (const format of ['json', 'md', 'vtt']) {
      expect(await call(`${server.url}/sessions/${b.id}/export?format=${format}`, {}, DEVICE_A)).toMatchObject(notFound);
    }
    expect(await postJson(`${server.url}/session/resume`, { from: b.id }, DEVICE_A)).toMatchObject(notFound);
    expect(await call(`${server.url}/sessions/${b.id}`, { method: 'DELETE' }, DEVICE_A)).toMatchObject(notFound);
    expect(await postJson(`${server.url}/corrections`, { session_id: b.id, event_id: b.captionId, rating: 'up' }, DEVICE_A)).toMatchObject({
      status: 404,
      body: { code: 'event_not_found' },
    });

    // The owner still has all of it.
    expect((await call(`${server.url}/sessions/${b.id}/export?format=md`, {}, DEVICE_B)).body).toContain('pharmacy closes at six');
    expect(await postJson(`${server.url}/session/resume`, { from: b.id }, DEVICE_B)).toMatchObject({ status: 200, body: { resumed_from: b.id } });

    // Delete all is the caller's all.
    expect(await call(`${server.url}/sessions`, { method: 'DELETE' }, DEVICE_A)).toMatchObject({ status: 200, body: { deleted: 1 } });
    expect(await list(DEVICE_A)).toEqual([]);
    expect(await list(DEVICE_B)).toEqual([b.id]);
    expect(await call(`${server.url}/sessions/${b.id}`, { method: 'DELETE' }, DEVICE_B)).toMatchObject({ status: 200, body: { deleted: 1 } });
  });

  it('counts and exports each device its own corrections, and keeps a running kept session to its device', async () => {
    const a = await keep(DEVICE_A, 'see you on monday');
    const b = await keep(DEVICE_B, 'see you on tuesday');
    const rate = (device: string, sessionId: string, eventId: number) =>
      postJson(`${server.url}/corrections`, { session_id: sessionId, event_id: eventId, rating: 'down', corrected_label: 'Tense', share: true }, device);
    expect(await rate(DEVICE_A, a.id, a.captionId)).toMatchObject({ status: 201, body: { total: 1 } });
    expect(await rate(DEVICE_B, b.id, b.captionId)).toMatchObject({ status: 201, body: { total: 1 } });
    expect(await rate(DEVICE_B, b.id, b.captionId)).toMatchObject({ status: 201, body: { total: 2 } });

    const exported = (device: string) =>
      call(`${server.url}/corrections/export`, {}, device).then(({ body }) => (body as string).trim().split('\n').map((line) => CorrectionExportRowSchema.parse(JSON.parse(line))));
    expect((await exported(DEVICE_A)).map((row) => row.correction_id)).toEqual([1]);
    expect((await exported(DEVICE_B)).map((row) => row.correction_id)).toEqual([2, 3]);

    // A live kept session is B's too; one nobody keeps (no device key at start) stays rateable by its id.
    const running = await startSession(server, { keep: true }, DEVICE_B);
    const [liveTone] = publish(server, running, [toneEvent({ label: 'Calm' })]);
    expect(await rate(DEVICE_A, running, liveTone!)).toMatchObject({ status: 404, body: { code: 'event_not_found' } });
    expect(await rate(DEVICE_B, running, liveTone!)).toMatchObject({ status: 201, body: { total: 3 } });
    const anonymous = await startSession(server, {}, null);
    const [anonymousTone] = publish(server, anonymous, [toneEvent({ label: 'Calm' })]);
    expect(await rate(DEVICE_A, anonymous, anonymousTone!)).toMatchObject({ status: 201, body: { total: 2 } });
  });

  it('refuses a missing key with 401 and a malformed one with 400 on every kept route, and starts unkept sessions without one', async () => {
    const { id, captionId } = await keep(DEVICE_A, 'hello');
    const routes: Array<[string, RequestInit]> = [
      ['/sessions', {}],
      ['/sessions?q=hello', {}],
      [`/sessions/${id}`, {}],
      [`/sessions/${id}/export?format=md`, {}],
      [`/sessions/${id}`, { method: 'DELETE' }],
      ['/sessions', { method: 'DELETE' }],
      ['/corrections/export', {}],
      ['/corrections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session_id: id, event_id: captionId, rating: 'up' }) }],
      ['/session/resume', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: id }) }],
      ['/session/start', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keep: true }) }],
    ];
    for (const [path, init] of routes) {
      expect(await call(`${server.url}${path}`, init, null)).toEqual(
        expect.objectContaining({ status: 401, body: { code: 'device_key_required', detail: 'Send this device\'s key in the X-Linnet-Device header' } }),
      );
      for (const bad of ['short', `${DEVICE_A}a`, `${DEVICE_A.slice(1)}=`, `${DEVICE_A}, ${DEVICE_B}`]) {
        const answer = await call(`${server.url}${path}`, init, bad);
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ code: 'invalid_device_key', detail: expect.stringMatching(/^Invalid X-Linnet-Device header: /) });
      }
    }
    // Nothing was deleted or resumed by any refused request.
    expect(await list(DEVICE_A)).toEqual([id]);
    expect(server.store.size).toBe(0);
    // A client that never keeps anything needs no key (the wire contract of the original client).
    expect(await postJson(`${server.url}/session/start`, { elcor: true }, null)).toMatchObject({ status: 200, body: { state: 'running' } });
  });

  it('stores only the SHA-256 of a key, never the key', async () => {
    const { id } = await keep(DEVICE_A, 'private words');
    await postJson(`${server.url}/corrections`, { session_id: id, event_id: 1, rating: 'up' });
    await server.close();
    const file = new Database(db, { readonly: true });
    expect(file.prepare('SELECT device_hash FROM kept_sessions').pluck().all()).toEqual([sha256(DEVICE_A)]);
    expect(file.prepare('SELECT device_hash FROM corrections').pluck().all()).toEqual([sha256(DEVICE_A)]);
    file.close();
    for (const name of ['linnet.db', 'linnet.db-wal']) {
      expect(readFileSync(join(temp.dir, name), { flag: 'r' }).includes(DEVICE_A)).toBe(false);
    }
    server = await startStorageServer(db);
  });

  it('leaves conversations kept before devices existed to no device, until retention purges them', async () => {
    await server.close();
    const old = join(temp.dir, 'old.db');
    const v1 = new Database(old);
    v1.exec(MIGRATIONS[0]!);
    v1.pragma('user_version = 1');
    v1.prepare(`INSERT INTO kept_sessions (id, started_at, started_ms, ended_ms, end_reason, settings, tones, caption_count, event_count)
      VALUES ('Zk3_-aQ9vX0pLmN2bC4dEw', '2026-05-01T10:00:00.000Z', 0, ?, 'ended', '{"elcor":false,"window_ms":1000,"transcribe":true}', '[]', 0, 0)`).run(Date.now());
    v1.close();
    server = await startStorageServer(old);
    for (const device of [DEVICE_A, DEVICE_B]) {
      expect(await list(device)).toEqual([]);
      expect((await call(`${server.url}/sessions/Zk3_-aQ9vX0pLmN2bC4dEw`, {}, device)).status).toBe(404);
      expect(await call(`${server.url}/sessions`, { method: 'DELETE' }, device)).toMatchObject({ body: { deleted: 0 } });
    }
    expect(server.storage!.db.prepare('SELECT count(*) FROM kept_sessions WHERE device_hash IS NULL').pluck().get()).toBe(1);
  });
});
