import WebSocket from 'ws';
import { openSse, type SseTestClient } from '../../src/testing/sse-client.js';

/** `POST /session/start` on a spawned server; the new session's id. */
export async function startSession(url: string, body: object = {}): Promise<string> {
  const res = await fetch(`${url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST /session/start answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { session_id: string }).session_id;
}

/** The server's `/metrics` audio counters. */
export async function audioMetrics(url: string): Promise<Record<string, number>> {
  const res = await fetch(`${url}/metrics`);
  return ((await res.json()) as { audio: Record<string, number> }).audio;
}

/** Open an audio socket that reads nothing it is sent (its acks pile up), resolving once open. */
export function openDeafAudioSocket(url: string, sessionId: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/session/${sessionId}/audio`);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.pause();
      resolve({ ws, closed });
    });
    ws.once('error', reject);
  });
}

/**
 * Send `frame` as fast as the socket takes it, for `durationMs` at most, keeping no more than
 * `maxBufferedBytes` queued in this process; resolves with the frames handed to the socket.
 */
export async function flood(ws: WebSocket, frame: Buffer, durationMs: number, maxBufferedBytes = 1 << 20): Promise<number> {
  const until = performance.now() + durationMs;
  let sent = 0;
  while (performance.now() < until && ws.readyState === WebSocket.OPEN) {
    // Bounded batches, then a turn of the loop, so several floods and the test's own checks share it.
    for (let i = 0; i < 500 && ws.bufferedAmount < maxBufferedBytes; i++, sent++) ws.send(frame);
    await new Promise((resolve) => setTimeout(resolve, ws.bufferedAmount < maxBufferedBytes ? 0 : 5));
  }
  return sent;
}

/** Open `count` event streams on a session. */
export function subscribe(url: string, sessionId: string, count: number): Promise<SseTestClient[]> {
  return Promise.all(Array.from({ length: count }, () => openSse(`${url}/session/${sessionId}/stream`)));
}
