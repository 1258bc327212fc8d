import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createClientAddressResolver } from '../limits/client-address.js';
import { SessionStore } from '../sessions/session-store.js';
import { createOriginPolicy } from './origin-policy.js';

const HOST = 'linnet-box.local:8522';

describe('Origin checks on state-changing requests', () => {
  let store: SessionStore;
  let app: ReturnType<typeof createApp>;

  beforeEach(() => {
    store = new SessionStore();
    const clientAddress = createClientAddressResolver(['loopback']);
    app = createApp({
      store,
      clientAddress,
      originPolicy: createOriginPolicy({
        allowedOrigins: ['http://localhost:8521'],
        tls: false,
        viaTrustedProxy: (req) => clientAddress.ofRequest(req).viaTrustedProxy,
        machineName: 'Linnet-Box',
      }),
    });
  });

  const start = (origin?: string) => {
    const req = request(app).post('/session/start').set('Host', HOST);
    return origin === undefined ? req : req.set('Origin', origin);
  };

  it('refuses a bodyless cross-origin start with 403 and creates nothing', async () => {
    const res = await start('https://evil.example');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      code: 'origin_not_allowed',
      detail: 'Requests from https://evil.example are not allowed; add it to ALLOWED_ORIGINS to allow it',
    });
    expect(store.size).toBe(0);
  });

  it('refuses the opaque origin null (sandboxed frames, file: pages)', async () => {
    expect((await start('null')).status).toBe(403);
    expect(store.size).toBe(0);
  });

  it('refuses the same host under another scheme or port', async () => {
    expect((await start('https://linnet-box.local:8522')).status).toBe(403);
    expect((await start('http://linnet-box.local:8523')).status).toBe(403);
    expect(store.size).toBe(0);
  });

  it('allows the app’s own origin, an ALLOWED_ORIGINS entry, and requests without Origin (curl, native clients)', async () => {
    expect((await start(`http://${HOST}`)).status).toBe(200);
    expect((await start('http://localhost:8521')).status).toBe(200);
    expect((await start()).status).toBe(200);
    expect(store.size).toBe(3);
  });

  it('takes an IP address, localhost or this machine’s name as the app’s own host', async () => {
    for (const host of ['192.168.1.20:8522', '[fe80::1]:8522', 'localhost:8522', 'linnet-box:8522']) {
      const res = await request(app).post('/session/start').set('Host', host).set('Origin', `http://${host}`);
      expect(res.status, host).toBe(200);
    }
  });

  it('refuses a page whose DNS name was pointed at this machine (DNS rebinding), though its Origin matches its Host', async () => {
    const direct = createApp({ store, originPolicy: createOriginPolicy({ allowedOrigins: [], tls: false, viaTrustedProxy: () => false, machineName: 'linnet-box' }) });
    const res = await request(direct).post('/session/start').set('Host', 'attacker.example:8522').set('Origin', 'http://attacker.example:8522');
    expect(res.status).toBe(403);
    expect(store.size).toBe(0);
  });

  it('refuses a cross-origin end, leaving the session running', async () => {
    const { session_id } = (await start()).body as { session_id: string };
    const res = await request(app).delete(`/session/${session_id}/end`).set('Host', HOST).set('Origin', 'https://evil.example');
    expect(res.status).toBe(403);
    expect(store.get(session_id)?.state).toBe('running');
  });

  it('lets a cross-origin GET through: reading needs the session id, which another site does not have', async () => {
    const res = await request(app).get('/health').set('Origin', 'https://evil.example');
    expect(res.status).toBe(200);
  });

  it('takes the public origin from X-Forwarded-Proto/-Host only from a trusted proxy', async () => {
    const proxied = await request(app)
      .post('/session/start')
      .set('Host', '127.0.0.1:8522')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'linnet.example.org')
      .set('Origin', 'https://linnet.example.org');
    expect(proxied.status).toBe(200);

    const direct = createApp({ store: new SessionStore() });
    const forged = await request(direct)
      .post('/session/start')
      .set('Host', '127.0.0.1:8522')
      .set('X-Forwarded-Host', 'evil.example')
      .set('Origin', 'http://evil.example');
    expect(forged.status).toBe(403);
  });
});
