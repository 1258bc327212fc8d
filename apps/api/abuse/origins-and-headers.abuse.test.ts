/**
 * Findings: any web page could create sessions on a LAN or localhost Linnet (a bodyless
 * cross-origin `POST /session/start` answered 200) and open the audio WebSocket with a foreign
 * `Origin`; the app and API sent no security headers. Against the built server and web app.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { requestFrom, startLimitsServer, type LimitsServer } from './support/limits-server.js';

const FOREIGN = 'https://evil.example';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

describe('who may change state', () => {
  let server: LimitsServer;
  beforeAll(async () => {
    server = await startLimitsServer();
  });
  afterAll(() => server.stop());

  const running = async () => (JSON.parse((await requestFrom('127.0.0.1', `${server.url}/metrics`)).body) as { sessions_running: number }).sessions_running;

  it('refuses a cross-origin start, bodyless or with a form body, and creates nothing', async () => {
    const bodyless = await requestFrom('127.0.0.1', `${server.url}/session/start`, { method: 'POST', headers: { Origin: FOREIGN } });
    const form = await requestFrom('127.0.0.1', `${server.url}/session/start`, {
      method: 'POST',
      headers: { Origin: FOREIGN, 'Content-Type': 'text/plain' },
      body: '{"elcor":true}',
    });
    console.log(`cross-origin start: bodyless → ${bodyless.status}, text/plain body → ${form.status}; sessions running ${await running()}`);
    for (const answer of [bodyless, form]) {
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toEqual({ code: 'origin_not_allowed', detail: `Requests from ${FOREIGN} are not allowed; add it to ALLOWED_ORIGINS to allow it` });
    }
    expect(await running()).toBe(0);
  });

  it('refuses a page whose DNS name was rebound to this machine, though its Origin matches its Host', async () => {
    const rebound = `attacker.example:${server.port}`;
    const answer = await requestFrom('127.0.0.1', `${server.url}/session/start`, { method: 'POST', headers: { Host: rebound, Origin: `http://${rebound}` } });
    console.log(`DNS rebinding: start from http://${rebound} with a matching Host → ${answer.status}; sessions running ${await running()}`);
    expect(answer.status).toBe(403);
    expect(await running()).toBe(0);
  });

  it('refuses a body with no JSON content type even without Origin (415), and still serves curl', async () => {
    const untyped = await requestFrom('127.0.0.1', `${server.url}/session/start`, { method: 'POST', body: '{"elcor":true}' });
    expect(untyped.status).toBe(415);
    expect(JSON.parse(untyped.body)).toEqual({ code: 'unsupported_media_type', detail: 'Send the session options as application/json, or no body at all' });
    const curl = await requestFrom('127.0.0.1', `${server.url}/session/start`, { method: 'POST' });
    expect(curl.status).toBe(200);
    const own = await requestFrom('127.0.0.1', `${server.url}/session/start`, { method: 'POST', headers: { Origin: server.url } });
    expect(own.status).toBe(200);
  });

  it('refuses the audio WebSocket upgrade from a foreign Origin', async () => {
    const { session_id } = JSON.parse((await requestFrom('127.0.0.1', `${server.url}/session/start`, { method: 'POST' })).body) as { session_id: string };
    const outcome = (origin: string) =>
      new Promise<{ status: number; body: string }>((resolve) => {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${session_id}/audio`, { origin });
        socket.once('open', () => {
          socket.close();
          resolve({ status: 101, body: '' });
        });
        socket.once('unexpected-response', (_req, res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        socket.once('error', () => undefined);
      });
    const foreign = await outcome(FOREIGN);
    const own = await outcome(server.url);
    console.log(`audio upgrade: foreign Origin → ${foreign.status}, own origin → ${own.status}`);
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toEqual({ code: 'origin_not_allowed', detail: `Requests from ${FOREIGN} are not allowed; add it to ALLOWED_ORIGINS to allow it` });
    expect(own.status).toBe(101);
  });

  it('lets an origin in ALLOWED_ORIGINS start sessions', async () => {
    const allowing = await startLimitsServer({ ALLOWED_ORIGINS: 'http://localhost:8521' });
    try {
      const answer = await requestFrom('127.0.0.1', `${allowing.url}/session/start`, { method: 'POST', headers: { Origin: 'http://localhost:8521' } });
      expect(answer.status).toBe(200);
    } finally {
      await allowing.stop();
    }
  });
});

describe('security headers on the built app and the API', () => {
  let server: LimitsServer;
  beforeAll(async () => {
    server = await startLimitsServer();
  });
  afterAll(() => server.stop());

  it('are on the page, its assets, API answers and errors', async () => {
    const html = readFileSync(WEB_INDEX, 'utf8');
    const script = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(html)?.[1];
    const paths = ['/', script!, '/health', '/session/AAAAAAAAAAAAAAAAAAAAAA', '/no-such-page'];
    for (const path of paths) {
      const { headers } = await requestFrom('127.0.0.1', `${server.url}${path}`);
      expect(headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
      expect(headers['content-security-policy'], path).toMatch(/script-src 'self'(;|$)/);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('no-referrer');
      expect(headers['strict-transport-security'], path).toBeUndefined();
    }
    console.log(`security headers: CSP, nosniff, no-referrer on ${paths.length} paths (page, entry script, /health, 404 API, SPA fallback)`);
  });

  it('ship a page the CSP allows: no inline script, no inline style, no inline handlers', () => {
    const html = readFileSync(WEB_INDEX, 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\son[a-z]+=|style="/);
  });
});
