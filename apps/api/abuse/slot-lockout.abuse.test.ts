/**
 * Finding: one client could take every session slot and keep it — `MAX_SESSIONS=100` was 100 ×
 * (`POST /session/start` + `curl -N .../stream`), and sessions with a subscriber are never reaped.
 * Here one address (127.0.0.1) tries exactly that against the built server with its defaults, and
 * another address (127.0.0.2, another client to the server) must still get a session.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdStream, requestFrom, startLimitsServer, type LimitsServer } from './support/limits-server.js';

const ATTACKER = '127.0.0.1';
const VICTIM = '127.0.0.2';

describe('slot lockout from one address (defaults: MAX_SESSIONS 100, MAX_SESSIONS_PER_CLIENT 10)', () => {
  let server: LimitsServer;
  const held: Socket[] = [];
  beforeAll(async () => {
    server = await startLimitsServer();
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await server.stop();
  });

  it('holds one address to its share of the slots while another still starts sessions', async () => {
    const answers: number[] = [];
    let refusal: { status: number; retryAfter: string | undefined; body: unknown } | null = null;
    // Bounded: the attack of the finding, 100 start + stream pairs, from one address.
    for (let i = 0; i < 100; i++) {
      const started = await requestFrom(ATTACKER, `${server.url}/session/start`, { method: 'POST' });
      answers.push(started.status);
      if (started.status !== 200) {
        refusal ??= { status: started.status, retryAfter: started.headers['retry-after'], body: JSON.parse(started.body) };
        continue;
      }
      const { session_id } = JSON.parse(started.body) as { session_id: string };
      const stream = await holdStream(ATTACKER, server.port, `/session/${session_id}/stream`);
      held.push(stream.socket);
      expect(stream.status).toBe(200);
    }
    const taken = answers.filter((status) => status === 200).length;
    const victim = await requestFrom(VICTIM, `${server.url}/session/start`, { method: 'POST' });
    const metrics = JSON.parse((await requestFrom(VICTIM, `${server.url}/metrics`)).body) as { sessions_running: number };
    console.log(`slot lockout: one address asked for 100 sessions, got ${taken}, refused ${100 - taken} with ${refusal?.status}; another address then got ${victim.status}; sessions running ${metrics.sessions_running}`);
    expect(taken).toBe(10);
    expect(refusal).toEqual({
      status: 429,
      retryAfter: '45',
      body: { code: 'client_session_limit', detail: 'This address already has 10 sessions running; end one, or try again later' },
    });
    expect(victim.status).toBe(200);
    expect(metrics.sessions_running).toBe(11);
  });
});

describe('subscriber caps (defaults: 8 per session, 16 per address)', () => {
  let server: LimitsServer;
  const held: Socket[] = [];
  beforeAll(async () => {
    server = await startLimitsServer();
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await server.stop();
  });

  async function start(): Promise<string> {
    return (JSON.parse((await requestFrom(ATTACKER, `${server.url}/session/start`, { method: 'POST' })).body) as { session_id: string }).session_id;
  }

  it('refuses streams beyond 8 on one session and beyond 16 from one address, and the session’s owner elsewhere still subscribes', async () => {
    const [first, second, third] = [await start(), await start(), await start()];
    const statuses = async (id: string, count: number, from = ATTACKER) => {
      const result: number[] = [];
      for (let i = 0; i < count; i++) {
        const stream = await holdStream(from, server.port, `/session/${id}/stream`);
        held.push(stream.socket);
        result.push(stream.status);
      }
      return result;
    };
    const onFirst = await statuses(first, 12);
    const onSecond = await statuses(second, 12);
    const onThird = await statuses(third, 2);
    const perSession = await requestFrom(VICTIM, `${server.url}/session/${first}/stream`);
    const elsewhere = await holdStream(VICTIM, server.port, `/session/${third}/stream`);
    held.push(elsewhere.socket);
    const count = (list: number[], status: number) => list.filter((s) => s === status).length;
    console.log(
      `subscriber caps: 12 streams on one session → ${count(onFirst, 200)} open, ${count(onFirst, 429)} refused; ` +
        `12 more on a second → ${count(onSecond, 200)} open (address total 16); a third session from the same address → ${count(onThird, 429)} of 2 refused`,
    );
    expect(onFirst).toEqual([...Array(8).fill(200), ...Array(4).fill(429)]);
    expect(onSecond).toEqual([...Array(8).fill(200), ...Array(4).fill(429)]);
    expect(onThird).toEqual([429, 429]);
    expect(perSession.status).toBe(429);
    expect(JSON.parse(perSession.body)).toEqual({ code: 'session_subscriber_limit', detail: 'This session already has 8 open streams' });
    expect(elsewhere.status).toBe(200);
  });
});

describe('maximum session lifetime (SESSION_MAX_LIFETIME_S=2)', () => {
  it('ends a session that is listened to with reason lifetime, and frees its slot', async () => {
    const server = await startLimitsServer({ SESSION_MAX_LIFETIME_S: '2', MAX_SESSIONS_PER_CLIENT: '1' });
    try {
      const started = JSON.parse((await requestFrom(ATTACKER, `${server.url}/session/start`, { method: 'POST' })).body) as { session_id: string };
      const began = Date.now();
      const { socket } = await holdStream(ATTACKER, server.port, `/session/${started.session_id}/stream`);
      let text = '';
      // The response ends after `session-ended`; the kept-alive connection itself may stay a little longer.
      await new Promise<void>((resolve) =>
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('event: session-ended')) resolve();
        }),
      );
      const endedAfterMs = Date.now() - began;
      console.log(`session lifetime: a listened-to session with SESSION_MAX_LIFETIME_S=2 ended after ${endedAfterMs} ms`);
      expect(text).toContain('event: session-ended\n');
      expect(text).toContain(`data: {"session_id":"${started.session_id}","reason":"lifetime"}\n`);
      expect(endedAfterMs).toBeGreaterThanOrEqual(1_500);
      expect(endedAfterMs).toBeLessThan(4_000);
      expect((await requestFrom(ATTACKER, `${server.url}/session/start`, { method: 'POST' })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
