import { AUDIO_CLOSE_CODES, AUDIO_FRAME_BYTES } from '@linnet/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { openAudioClient, pcmFrame, type AudioTestClient } from '../src/testing/audio-client.js';
import { audioMetrics, startSession } from './support/clients.js';
import { spawnServer, type SpawnedServer } from './support/spawn-server.js';

// Issue 10: 300 audio sockets were accepted on one session and their frames interleaved into
// garbage windows. One socket per session now: the newest replaces the older with 4010.

const second = (value: number) => Array.from({ length: 10 }, () => pcmFrame(AUDIO_FRAME_BYTES / 2, value));

/** Resolves once `count` acks arrived, or rejects after 5 s. */
async function acked(client: AudioTestClient, count: number): Promise<void> {
  const until = performance.now() + 5_000;
  while (client.acks.length < count) {
    if (performance.now() > until) throw new Error(`${client.acks.length} of ${count} acks`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The session's windows analysed and dropped, once at least `expected` were dealt with and the count then held
 * still for 300 ms (so a window too many still shows). Holding still alone is not enough: on a loaded machine
 * the engine worker can take longer than 300 ms over a window that is still owed.
 */
async function settledWindows(url: string, expected: number): Promise<{ analysed: number; dropped: number }> {
  let last = '';
  const until = performance.now() + 15_000;
  while (performance.now() < until) {
    const metrics = await audioMetrics(url);
    const now = `${metrics.windowsAnalysed}/${metrics.windowsDropped}`;
    if (now === last && metrics.windowsAnalysed! + metrics.windowsDropped! >= expected) {
      return { analysed: metrics.windowsAnalysed!, dropped: metrics.windowsDropped! };
    }
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`windows never settled at ${expected} or more (last ${last})`);
}

describe('audio sockets on one session (real server)', () => {
  let server: SpawnedServer;
  afterEach(async () => {
    await server?.kill();
  });

  it('closes the older of two sockets with 4010 and analyses none of its later frames', async () => {
    server = await spawnServer();
    const id = await startSession(server.url, { window_ms: 1000 });
    const audioUrl = `${server.url.replace('http', 'ws')}/session/${id}/audio`;
    const older = await openAudioClient(audioUrl);
    for (const frame of second(1000)) older.ws.send(frame);
    await acked(older, 10);
    const newer = await openAudioClient(audioUrl);
    // The older socket keeps talking until it hears it was replaced; the server must not listen.
    for (const frame of second(-1000)) older.ws.send(frame);
    for (const frame of second(500)) newer.ws.send(frame);
    await acked(newer, 10);
    const closed = await Promise.race([older.closed, new Promise<null>((resolve) => setTimeout(resolve, 3_000, null))]);
    newer.ws.close(1000);
    const windows = await settledWindows(server.url, 2);
    console.log(`two sockets, 1 s each plus 1 s from the replaced one: ${windows.analysed} windows analysed, older closed with ${closed?.code ?? 'nothing'}, older acked ${older.acks.length} frames`);
    expect(closed).toEqual({ code: AUDIO_CLOSE_CODES.replaced, reason: 'replaced by a newer audio socket' });
    expect(older.acks).toHaveLength(10);
    // One window from each socket's own second of audio; the replaced socket's late second is not among them.
    expect(windows).toEqual({ analysed: 2, dropped: 0 });
  });

  it('keeps only the newest of 50 sockets opened on one session', async () => {
    server = await spawnServer();
    const id = await startSession(server.url);
    const audioUrl = `${server.url.replace('http', 'ws')}/session/${id}/audio`;
    const sockets: AudioTestClient[] = [];
    for (let i = 0; i < 50; i++) sockets.push(await openAudioClient(audioUrl));
    const codes = await Promise.all(
      sockets.slice(0, -1).map((socket) => Promise.race([socket.closed.then(({ code }) => code), new Promise<string>((resolve) => setTimeout(resolve, 3_000, 'open'))])),
    );
    const metrics = await audioMetrics(server.url);
    console.log(`50 sockets on one session: ${codes.filter((code) => code === AUDIO_CLOSE_CODES.replaced).length} closed with 4010, ${codes.filter((code) => code === 'open').length + 1} left open`);
    expect(codes).toEqual(Array(49).fill(AUDIO_CLOSE_CODES.replaced));
    expect(sockets.at(-1)!.ws.readyState).toBe(sockets.at(-1)!.ws.OPEN);
    expect(metrics.socketsReplaced).toBe(49);
    for (const socket of sockets) socket.ws.terminate();
  });
});
