import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { SessionStore } from '../sessions/session-store.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';

function webDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linnet-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Linnet</title>');
  return dir;
}

describe('security headers', () => {
  it('are on the app page, API answers and errors alike', async () => {
    const app = createApp({ store: new SessionStore(), webDistDir: webDist() });
    for (const path of ['/', '/health', '/session/AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await request(app).get(path);
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('forbid framing and inline scripts, and allow the service worker and manifest from the app itself', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('worker-src')).toBe("'self'");
    expect(directives.get('manifest-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('isolate the browsing context only where the browser honours it: TLS or a loopback host', async () => {
    const app = createApp({ store: new SessionStore() });
    const coop = async (host: string) => (await request(app).get('/health').set('Host', host)).headers['cross-origin-opener-policy'];
    expect([await coop('localhost:8522'), await coop('127.0.0.1:8522'), await coop('[::1]:8522'), await coop('192.168.1.20:8522')]).toEqual([
      'same-origin',
      'same-origin',
      'same-origin',
      undefined,
    ]);
    const tls = await request(createApp({ store: new SessionStore(), tls: true })).get('/health').set('Host', '192.168.1.20:8522');
    expect(tls.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('add HSTS when Linnet serves TLS itself', async () => {
    const res = await request(createApp({ store: new SessionStore(), tls: true })).get('/health');
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000');
  });

  it('send COOP only where browsers honour it: TLS or a loopback host, not a plain-http LAN address', async () => {
    const app = createApp({ store: new SessionStore() });
    const coop = async (host: string, tlsApp = app) => (await request(tlsApp).get('/health').set('Host', host)).headers['cross-origin-opener-policy'];
    expect(await coop('127.0.0.1:8080')).toBe('same-origin');
    expect(await coop('localhost:5173')).toBe('same-origin');
    expect(await coop('[::1]:8080')).toBe('same-origin');
    expect(await coop('192.168.1.20:8080')).toBeUndefined();
    expect(await coop('192.168.1.20:8443', createApp({ store: new SessionStore(), tls: true }))).toBe('same-origin');
  });
});
