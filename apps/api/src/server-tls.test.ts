import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { HealthResponseSchema, SessionResponseSchema } from '@linnet/shared';
import { startServer, type RunningServer } from './server.js';

/** GET over HTTPS trusting only the test's own certificate. */
function httpsJson(url: string, ca: Buffer): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

describe('HTTPS (LINNET_TLS_CERT / LINNET_TLS_KEY)', () => {
  let dir: string;
  let cert: Buffer;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-tls-'));
    const [certPath, keyPath] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
    cert = readFileSync(certPath);
    server = await startServer({ captions: false, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', tls: { certPath, keyPath } } });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API over HTTPS', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await httpsJson(`${server.url}/health`, cert);
    expect(health.status).toBe(200);
    expect(HealthResponseSchema.parse(health.body)).toEqual({ status: 'ok', service: 'linnet', storage: 'ok' });
  });

  it('accepts microphone audio over wss://', async () => {
    const { id } = server.store.create({ elcor: false, windowMs: 1000 });
    const session = await httpsJson(`${server.url}/session/${id}`, cert);
    expect(SessionResponseSchema.parse(session.body).state).toBe('running');
    const socket = new WebSocket(`${server.url.replace('https', 'wss')}/session/${id}/audio`, { ca: cert });
    const ack = new Promise((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data))));
      socket.once('error', reject);
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(Buffer.alloc(3200));
    expect(await ack).toEqual({ ok: true, bytes: 3200 });
    socket.close();
  });
});
