import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionCaptionsResponseSchema, SessionExportSchema, type ToneEvent } from '@linnet/shared';
import { speakerEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createClientAddressResolver } from '../limits/client-address.js';
import { SessionStore } from './session-store.js';

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

function tone(confidence: number, timestamp: number, label = 'Calm'): ToneEvent {
  return toneEvent({ session_id: 'x', label, confidence, timestamp });
}

describe('sessions router', () => {
  let store: SessionStore;
  let app: ReturnType<typeof createApp>;

  beforeEach(() => {
    store = new SessionStore({ maxSessions: 3 });
    app = createApp({ store, retryAfterS: 7 });
  });

  it('starts a session with defaults when there is no body', async () => {
    const res = await request(app).post('/session/start');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ session_id: expect.stringMatching(ID_PATTERN), state: 'running', elcor: false });
    expect(store.get(res.body.session_id)?.windowMs).toBe(1000);
  });

  it('starts a session with the options given', async () => {
    const res = await request(app).post('/session/start').send({ elcor: true, window_ms: 500 });
    expect(res.status).toBe(200);
    expect(res.body.elcor).toBe(true);
    expect(store.get(res.body.session_id)?.windowMs).toBe(500);
  });

  it('treats an empty JSON body as defaults', async () => {
    const res = await request(app).post('/session/start').set('Content-Type', 'application/json').send('');
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('running');
  });

  it('answers malformed JSON with a JSON 400', async () => {
    const res = await request(app).post('/session/start').set('Content-Type', 'application/json').send('{"elcor":');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ detail: 'Request body is not valid JSON', code: 'invalid_request' });
  });

  it('names an unknown field in its 400', async () => {
    const res = await request(app).post('/session/start').send({ colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Invalid session options: "colour" is not a known field', code: 'invalid_request' });
  });

  it('names a wrongly typed or out-of-range field in its 400', async () => {
    const typed = await request(app).post('/session/start').send({ elcor: 'yes' });
    expect(typed.status).toBe(400);
    expect(typed.body).toEqual({
      detail: 'Invalid session options: elcor: Invalid input: expected boolean, received string',
      code: 'invalid_request',
    });
    const ranged = await request(app).post('/session/start').send({ window_ms: 100 });
    expect(ranged.status).toBe(400);
    expect(ranged.body.detail).toMatch(/^Invalid session options: window_ms: /);
    expect(store.size).toBe(0);
  });

  it('refuses a non-JSON body with 415', async () => {
    const res = await request(app).post('/session/start').set('Content-Type', 'text/plain').send('elcor please');
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      detail: 'Send the session options as application/json, or no body at all',
      code: 'unsupported_media_type',
    });
  });

  it('refuses a body sent without any content type with 415: it is what a cross-site no-cors fetch sends', async () => {
    const res = await request(app).post('/session/start').set('Content-Type', '').send(Buffer.from('{"elcor":true}'));
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      detail: 'Send the session options as application/json, or no body at all',
      code: 'unsupported_media_type',
    });
    expect(store.size).toBe(0);
  });

  it('answers 429 with Retry-After once one address holds MAX_SESSIONS_PER_CLIENT, and frees the slot when one ends', async () => {
    const perClientStore = new SessionStore({ maxSessions: 10, maxSessionsPerClient: 2 });
    const limited = createApp({ store: perClientStore, retryAfterS: 7 });
    const first = await request(limited).post('/session/start');
    expect((await request(limited).post('/session/start')).status).toBe(200);
    const refused = await request(limited).post('/session/start');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('7');
    expect(refused.body).toEqual({ detail: 'This address already has 2 sessions running; end one, or try again later', code: 'client_session_limit' });
    expect(perClientStore.size).toBe(2);
    expect((await request(limited).delete(`/session/${first.body.session_id}/end`)).status).toBe(200);
    expect((await request(limited).post('/session/start')).status).toBe(200);
  });

  it('counts clients behind a trusted proxy by X-Forwarded-For, and ignores the header otherwise', async () => {
    const proxiedStore = new SessionStore({ maxSessions: 10, maxSessionsPerClient: 1 });
    const proxied = createApp({ store: proxiedStore, clientAddress: createClientAddressResolver(['loopback']) });
    const from = (address: string) => request(proxied).post('/session/start').set('X-Forwarded-For', address);
    expect((await from('198.51.100.1')).status).toBe(200);
    expect((await from('198.51.100.2')).status).toBe(200);
    expect((await from('198.51.100.1')).status).toBe(429);

    const directStore = new SessionStore({ maxSessions: 10, maxSessionsPerClient: 1 });
    const direct = createApp({ store: directStore });
    expect((await request(direct).post('/session/start').set('X-Forwarded-For', '198.51.100.1')).status).toBe(200);
    expect((await request(direct).post('/session/start').set('X-Forwarded-For', '198.51.100.2')).status).toBe(429);
  });

  it('answers 503 with Retry-After once MAX_SESSIONS are running', async () => {
    for (let i = 0; i < 3; i++) expect((await request(app).post('/session/start')).status).toBe(200);
    const res = await request(app).post('/session/start');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body).toEqual({
      detail: 'The server is running its maximum of 3 sessions; try again later',
      code: 'too_many_sessions',
    });
  });

  it('answers 503 shutting_down once shutdown has begun, having ended every session with reason shutdown', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    const ended: string[] = [];
    store.onEnd((session, reason) => ended.push(`${session.id} ${reason}`));
    store.close();
    const res = await request(app).post('/session/start').send({});
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ detail: 'Linnet is shutting down; start a new session once it is back', code: 'shutting_down' });
    expect(ended).toEqual([`${session_id} shutdown`]);
    expect(store.size).toBe(0);
  });

  it('gets a running session', async () => {
    const { session_id } = (await request(app).post('/session/start').send({ elcor: true })).body;
    const res = await request(app).get(`/session/${session_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ session_id, state: 'running', elcor: true });
  });

  it('answers 404 for an unknown session id', async () => {
    const res = await request(app).get('/session/AAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Session AAAAAAAAAAAAAAAAAAAAAA not found', code: 'session_not_found' });
  });

  it('answers 400 for a malformed session id', async () => {
    const res = await request(app).get('/session/bad.id');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: 'Invalid session id: session id must be URL-safe (A-Z, a-z, 0-9, _ and -)',
      code: 'invalid_session_id',
    });
  });

  it('ends a session, after which it is gone', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    const res = await request(app).delete(`/session/${session_id}/end`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ session_id, state: 'stopped' });
    expect((await request(app).get(`/session/${session_id}`)).status).toBe(404);
    const again = await request(app).delete(`/session/${session_id}/end`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: `Session ${session_id} not found`, code: 'session_not_found' });
  });

  it('returns the most recent tone events above min_confidence, oldest first', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    const channel = store.get(session_id)!.channel;
    [0.9, 0.4, 0.8, 0.7, 0.95].forEach((confidence, i) => channel.publish(tone(confidence, i)));
    channel.publish(speakerEvent({ session_id, confidence: 1, timestamp: 5 }));
    const res = await request(app).get(`/session/${session_id}/history?min_confidence=0.75&limit=2`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ session_id, count: 2, events: [tone(0.8, 2), tone(0.95, 4)] });
  });

  it('keeps only the last 50 tone events', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    const channel = store.get(session_id)!.channel;
    for (let i = 0; i < 60; i++) channel.publish(tone(0.9, i));
    const res = await request(app).get(`/session/${session_id}/history?limit=500`);
    expect(res.body.count).toBe(50);
    expect(res.body.events[0].timestamp).toBe(10);
    expect(res.body.events[49].timestamp).toBe(59);
  });

  it.each(['min_confidence=2', 'limit=0', 'limit=501', 'limit=ten', 'colour=red'])(
    'answers 400 invalid_query for history?%s',
    async (query) => {
      const { session_id } = (await request(app).post('/session/start')).body;
      const res = await request(app).get(`/session/${session_id}/history?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: expect.stringMatching(/^Invalid history query: /), code: 'invalid_query' });
    },
  );

  it('exports the session as a JSON attachment', async () => {
    const { session_id } = (await request(app).post('/session/start').send({ elcor: true, window_ms: 2000 })).body;
    store.get(session_id)!.channel.publish(tone(0.9, 1.5, 'Tense'));
    const res = await request(app).get(`/session/${session_id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="linnet-session-${session_id}.json"`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = SessionExportSchema.parse(res.body);
    expect(body).toEqual({
      session_id,
      state: 'running',
      elcor: true,
      window_ms: 2000,
      started_at: expect.any(String),
      exported_at: expect.any(String),
      count: 1,
      events: [tone(0.9, 1.5, 'Tense')],
    });
  });

  it('exports the captions as a Markdown transcript attachment', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    const session = store.get(session_id)!;
    const captionTone = { label: 'Tense', confidence: 0.9, subtext: 'Louder than usual.' };
    session.channel.publish(tone(0.9, 1, 'Calm'));
    session.channel.publish(
      transcriptEvent({ session_id, text: '[Tense] Fine.', plain_text: 'Fine.', timestamp: 65, start: 65, end: 66, tone: captionTone }),
    );
    const res = await request(app).get(`/session/${session_id}/export?format=md`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="linnet-session-${session_id}.md"`);
    const started = session.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    expect(res.text).toBe(
      `# Linnet session, ${started}\n\nCaptions with the tone they were said in; times are from the start of the session.\n\n- **01:05** (Tense, very likely) Fine.\n`,
    );
  });

  it('exports the tone timeline as Markdown when there are no captions', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    store.get(session_id)!.channel.publish(toneEvent({ session_id, label: 'Calm', confidence: 0.7, timestamp: 3, subtext: 'Steady.' }));
    const res = await request(app).get(`/session/${session_id}/export?format=md`);
    expect(res.status).toBe(200);
    expect(res.text.split('\n').slice(2)).toEqual(['No captions in this session. Its tone, from the start of the session:', '', '- **00:03** Calm, likely: Steady.', '']);
  });

  it('exports the captions as a WebVTT attachment', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    const channel = store.get(session_id)!.channel;
    channel.publish(transcriptEvent({ session_id, text: 'A <b> & c', timestamp: 3661.5, start: 3661.5, end: 3663 }));
    const res = await request(app).get(`/session/${session_id}/export?format=vtt`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/vtt; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="linnet-session-${session_id}.vtt"`);
    expect(res.text).toBe('WEBVTT\n\n1\n01:01:01.500 --> 01:01:03.000\nA &lt;b&gt; &amp; c\n');
  });

  it('keeps the JSON export unchanged when format=json is asked for', async () => {
    const { session_id } = (await request(app).post('/session/start')).body;
    store.get(session_id)!.channel.publish(transcriptEvent({ session_id }));
    const res = await request(app).get(`/session/${session_id}/export?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="linnet-session-${session_id}.json"`);
    expect(SessionExportSchema.parse(res.body)).toMatchObject({ session_id, count: 0, events: [] });
  });

  it.each(['format=srt', 'format=MD', 'format=md&format=vtt', 'colour=red'])('answers 400 invalid_query for export?%s', async (query) => {
    const { session_id } = (await request(app).post('/session/start')).body;
    const res = await request(app).get(`/session/${session_id}/export?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body).toEqual({ detail: expect.stringMatching(/^Invalid export query: /), code: 'invalid_query' });
  });

  it('lists the captions a replay gap lost from the stream, oldest first (GET /session/:id/captions)', async () => {
    const small = new SessionStore({ replayCapacity: 3 });
    const smallApp = createApp({ store: small });
    const { session_id } = (await request(smallApp).post('/session/start')).body;
    const channel = small.get(session_id)!.channel;
    const first = transcriptEvent({ session_id, text: 'hello there', plain_text: 'hello there', timestamp: 1, start: 1, end: 2 });
    const second = transcriptEvent({ session_id, text: 'see you soon', plain_text: 'see you soon', timestamp: 5, start: 5, end: 6 });
    channel.publish(first);
    for (let t = 2; t < 5; t++) channel.publish(toneEvent({ session_id, timestamp: t }));
    channel.publish(second);
    for (let t = 6; t < 9; t++) channel.publish(toneEvent({ session_id, timestamp: t }));
    // Both captions have left the 3-event replay buffer, so a resuming stream gets a gap and no caption.
    expect(channel.lastEventId).toBe(8);
    const res = await request(smallApp).get(`/session/${session_id}/captions`);
    expect(res.status).toBe(200);
    expect(SessionCaptionsResponseSchema.parse(res.body)).toEqual({ session_id, count: 2, captions: [first, second] });
    expect((await request(smallApp).get('/session/AAAAAAAAAAAAAAAAAAAAAA/captions')).body.code).toBe('session_not_found');
  });

  it('answers /health exactly', async () => {
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'linnet' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(app).get('/session/AAAAAAAAAAAAAAAAAAAAAA/nothing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'No route for GET /session/AAAAAAAAAAAAAAAAAAAAAA/nothing', code: 'not_found' });
    expect((await request(app).put('/session/start')).body.code).toBe('not_found');
  });

  it('answers an unexpected failure with a 500 that leaks nothing', async () => {
    const broken = createApp({ store, metrics: () => { throw new Error('secret internals at /srv/x'); } });
    const res = await request(broken).get('/metrics');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: 'Internal server error', code: 'internal_error' });
  });
});

describe('web app serving', () => {
  it('serves the built app and falls back to index.html for app routes only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linnet-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Linnet</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    const app = createApp({ store: new SessionStore(), webDistDir: dir });
    expect((await request(app).get('/')).text).toContain('<title>Linnet</title>');
    expect((await request(app).get('/app.js')).text).toBe('console.log(1)');
    expect((await request(app).get('/some/app/route')).text).toContain('<title>Linnet</title>');
    const api = await request(app).get('/session/AAAAAAAAAAAAAAAAAAAAAA');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('session_not_found');
  });

  it('answers JSON 404s when there is no build', async () => {
    const app = createApp({ store: new SessionStore(), webDistDir: join(tmpdir(), 'no-such-linnet-build') });
    const res = await request(app).get('/');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });
});
