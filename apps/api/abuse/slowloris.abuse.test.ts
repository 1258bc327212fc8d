/**
 * Finding: a trickled body was held 330 s and no HTTP timeout was set explicitly. Here 20 clients
 * trickle their headers and 20 their bodies, one byte-sized line every 250 ms, against the built
 * server with short timeouts (HTTP_HEADERS_TIMEOUT_S=2, HTTP_REQUEST_TIMEOUT_S=4); every one must
 * be cut with a JSON 408 near its deadline while an ordinary request is still answered at once.
 * The same server holds one address to MAX_CONNECTIONS_PER_CLIENT (64 by default).
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom, startLimitsServer, type LimitsServer } from './support/limits-server.js';

const TRICKLERS = 20;

interface Cut {
  status: number;
  afterMs: number;
  closedBy: 'end' | 'reset';
}

function trickle(port: number, opening: string, drip: string): Promise<Cut> {
  return new Promise((resolve) => {
    const began = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      socket.write(opening);
      timer = setInterval(() => socket.writable && socket.write(drip), 250);
    });
    socket.on('data', (chunk: string) => (text += chunk));
    const done = (closedBy: Cut['closedBy']) => {
      clearInterval(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), afterMs: Date.now() - began, closedBy });
      socket.destroy();
    };
    socket.once('end', () => done('end'));
    socket.once('error', () => done('reset'));
  });
}

const summary = (cuts: Cut[]) => {
  const times = cuts.map((cut) => cut.afterMs).sort((a, b) => a - b);
  return `${cuts.filter((cut) => cut.status === 408).length}/${cuts.length} got 408, cut after ${times[0]}-${times.at(-1)} ms`;
};

describe('slowloris', () => {
  let server: LimitsServer;
  beforeAll(async () => {
    server = await startLimitsServer({ HTTP_HEADERS_TIMEOUT_S: '2', HTTP_REQUEST_TIMEOUT_S: '4' });
  });
  afterAll(() => server.stop());

  it('cuts trickled headers and trickled bodies at their timeouts, and keeps serving others meanwhile', async () => {
    const headers = Array.from({ length: TRICKLERS }, () => trickle(server.port, 'GET /health HTTP/1.1\r\nHost: x\r\n', 'X-Drip: 1\r\n'));
    const bodies = Array.from({ length: TRICKLERS }, () =>
      trickle(server.port, 'POST /session/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{', ' '),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const began = Date.now();
    const health = await requestFrom('127.0.0.1', `${server.url}/health`);
    const healthMs = Date.now() - began;
    const [headerCuts, bodyCuts] = [await Promise.all(headers), await Promise.all(bodies)];
    console.log(`slowloris: trickled headers ${summary(headerCuts)} (timeout 2 s); trickled bodies ${summary(bodyCuts)} (timeout 4 s); /health meanwhile in ${healthMs} ms`);
    expect(health.status).toBe(200);
    for (const cut of headerCuts) {
      expect(cut).toMatchObject({ status: 408, closedBy: 'end' });
      // Node checks the deadlines once a second (connectionsCheckingInterval), and the machine is busy.
      expect(cut.afterMs).toBeGreaterThanOrEqual(1_900);
      expect(cut.afterMs).toBeLessThan(5_000);
    }
    for (const cut of bodyCuts) {
      expect(cut).toMatchObject({ status: 408, closedBy: 'end' });
      expect(cut.afterMs).toBeGreaterThanOrEqual(3_900);
      expect(cut.afterMs).toBeLessThan(7_000);
    }
    expect(JSON.parse((await requestFrom('127.0.0.1', `${server.url}/metrics`)).body)).toMatchObject({ sessions_running: 0 });
  });

  it('answers connections beyond 64 from one address with 429 while another address is served', async () => {
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 64; i++) {
        const socket = connect(server.port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await requestFrom('127.0.0.1', `${server.url}/health`).catch((error: Error) => ({ status: -1, headers: {}, body: error.message }));
      const other = await requestFrom('127.0.0.2', `${server.url}/health`);
      console.log(`connection flood: 64 idle connections from one address, its 65th → ${refused.status}; another address → ${other.status}`);
      expect(refused.status).toBe(429);
      expect(refused.headers).toMatchObject({ 'retry-after': '5' });
      expect(JSON.parse(refused.body)).toEqual({ code: 'client_connection_limit', detail: 'This address already has 64 connections open' });
      expect(other.status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});
