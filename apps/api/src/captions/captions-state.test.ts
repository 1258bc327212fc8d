import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { HealthResponseSchema, ServiceEventSchema, SessionResponseSchema } from '@linnet/shared';
import { startServer, type RunningServer } from '../server.js';
import { openSse, type SseTestClient } from '../testing/sse-client.js';
import { createPocketsphinx } from './pocketsphinx.js';

/**
 * Waits on real child processes and sockets. vitest's default of 1 s is a race on a loaded machine
 * (a load average of 20 on 2 cores was seen while these ran): a spawn or a loopback round trip can
 * take seconds there. Only how long a wait may take changes; what is awaited does not.
 */
const REAL_PROCESS_WAIT = { timeout: 15_000 };

async function startSession(server: RunningServer, body: object = {}): Promise<string> {
  const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return SessionResponseSchema.parse(await res.json()).session_id;
}
const getSession = async (server: RunningServer, id: string) => SessionResponseSchema.parse(await (await fetch(`${server.url}/session/${id}`)).json());
const services = (sse: SseTestClient) => sse.events().filter((e) => e.event === 'service-event').map((e) => ServiceEventSchema.parse(e.data));

async function openAudio(server: RunningServer, id: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

// A real broken install: `pocketsphinx_continuous` on the decoders' PATH is a script that exits at
// once, so every decoder the server starts dies, is restarted, and the session's captions give up.
describe('a recogniser that fails for good', { timeout: 60_000 }, () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-broken-'));
    writeFileSync(join(dir, 'pocketsphinx_continuous'), '#!/bin/sh\nexit 3\n');
    chmodSync(join(dir, 'pocketsphinx_continuous'), 0o755);
    const recogniser = createPocketsphinx({ env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` } });
    server = await startServer({ recogniser, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxTranscribers: 1 } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells its session once, says so to late joiners, and frees its slot for the next session', async () => {
    const first = await startSession(server);
    expect((await getSession(server, first)).captions).toEqual({ recogniser: 'pocketsphinx', status: 'starting' });
    const sse = await openSse(`${server.url}/session/${first}/stream`);
    const audio = await openAudio(server, first);
    audio.send(Buffer.alloc(3200));
    await expect.poll(() => server.captions.metrics().given_up, { timeout: 20_000 }).toBe(1);
    // Five restarts happened; the reader saw the first interruption and the end, nothing flapping.
    // (The server gave up synchronously; its last event may still be on the socket, hence the poll.)
    const told = [
      ['ready', 'captions_ready', 'Captions ready'],
      ['error', 'captions_failed', 'Captions interrupted: the speech recogniser stopped and is restarting'],
      ['error', 'captions_failed', 'Captions stopped: the speech recogniser failed; tone labels go on'],
    ];
    await expect.poll(() => services(sse).map((e) => [e.status, e.code, e.detail]), REAL_PROCESS_WAIT).toEqual(told);
    expect((await getSession(server, first)).captions).toEqual({
      recogniser: 'pocketsphinx',
      status: 'failed',
      code: 'captions_failed',
      detail: 'Captions stopped: the speech recogniser failed; tone labels go on',
    });
    expect(server.captions.metrics()).toMatchObject({ active: 0, given_up: 1 });
    expect(HealthResponseSchema.parse(await (await fetch(`${server.url}/health`)).json()).captions).toEqual({
      recogniser: 'pocketsphinx', status: 'live', code: 'captions_ready', active: 0, max_transcribers: 1,
    });

    // The slot is free: the next session is captioned (its decoder starts), not refused as busy.
    // Its decoder is the same broken script, so 'ready' may already have turned into 'interrupted' by the
    // time anyone asks; the session's own stream keeps what it was told, so read that, not the current state.
    const second = await startSession(server);
    const secondSse = await openSse(`${server.url}/session/${second}/stream`);
    const secondAudio = await openAudio(server, second);
    secondAudio.send(Buffer.alloc(3200));
    await expect.poll(() => services(secondSse)[0]?.code, REAL_PROCESS_WAIT).toBe('captions_ready');
    expect(services(secondSse).map((e) => e.code)).not.toContain('captions_busy');
    expect(server.captions.metrics()).toMatchObject({ sessions: 2, refused_busy: 0 });
    // Told once: nothing more reached the first session since.
    expect(services(sse).map((e) => [e.status, e.code, e.detail])).toEqual(told);
    sse.close();
    secondSse.close();
    audio.close();
    secondAudio.close();
  });
});
