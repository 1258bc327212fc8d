import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AUDIO_FRAME_BYTES, SessionResponseSchema, TranscriptEventSchema, type TranscriptEvent } from '@linnet/shared';
import { createSidecarEngineFactory } from '../engine/sidecar/index.js';
import { startServer, type RunningServer } from '../server.js';
import { openSse, type SseTestClient } from '../testing/sse-client.js';
import { createPocketsphinx } from './pocketsphinx.js';
import { addFaintNoise, fliteSpeech } from './testing/flite-speech.js';
import type { Recogniser } from './transcriber.js';

const SIDECAR_WORDS = 'could you hold the line';

/** A real HTTP server playing cf-voice: every window is Tense speech with the same transcript. */
async function startSidecar(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const { timestamp } = JSON.parse(text) as { timestamp: number };
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          events: [
            { event_type: 'tone', label: 'Tense', confidence: 0.8, timestamp },
            { event_type: 'transcript', label: SIDECAR_WORDS, confidence: 0.9, timestamp },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

// One source of captions per session: the local recogniser's (with times, tone and plain text)
// when it captions the session, the sidecar's otherwise. Real sidecar HTTP, real pocketsphinx.
describe('captions from the sidecar and a local recogniser', { timeout: 60_000 }, () => {
  let dir: string;
  let speech: Int16Array;
  let sidecar: Awaited<ReturnType<typeof startSidecar>>;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-sources-'));
    speech = addFaintNoise(fliteSpeech(dir, 'call', 'please call me back tomorrow morning', { before: 0.5, after: 1.5 }));
    sidecar = await startSidecar();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await sidecar.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Streams the speech at real time (a starved decoder drops audio past 6 s behind) through a server with the sidecar engine. */
  async function transcriptsWith(recogniser: Recogniser | null): Promise<{ captions: TranscriptEvent[]; dropped: number }> {
    const engine = createSidecarEngineFactory({ url: sidecar.url, timeoutMs: 2_000 });
    server = await startServer({ recogniser, engineFactory: engine.factory, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxTranscribers: 1 } });
    const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const id = SessionResponseSchema.parse(await res.json()).session_id;
    const sse: SseTestClient = await openSse(`${server.url}/session/${id}/stream`);
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const pcm = Buffer.from(speech.buffer, speech.byteOffset, speech.byteLength);
    for (let offset = 0; offset < pcm.length; offset += AUDIO_FRAME_BYTES) {
      socket.send(pcm.subarray(offset, offset + AUDIO_FRAME_BYTES));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    socket.close(1000);
    const windows = Math.ceil(speech.length / 16_000);
    const transcripts = () => sse.events().filter((e) => e.event === 'transcript-event').map((e) => TranscriptEventSchema.parse(e.data));
    // Every window's answer is in, and the local recogniser (if any) finished its utterance.
    await expect.poll(() => sse.events().filter((e) => e.event === 'tone-event').length, { timeout: 30_000 }).toBe(windows);
    if (recogniser) await expect.poll(() => transcripts().some((t) => t.plain_text?.includes('morning')), { timeout: 30_000 }).toBe(true);
    const dropped = (server.captions.metrics() as { engine_transcripts_dropped: number }).engine_transcripts_dropped;
    sse.close();
    return { captions: transcripts(), dropped };
  }

  it('shows only the local recogniser\'s captions while it captions the session', async () => {
    const { captions, dropped } = await transcriptsWith(createPocketsphinx());
    expect(captions.length).toBeGreaterThan(0);
    expect(captions.filter((c) => c.text.includes(SIDECAR_WORDS))).toEqual([]);
    for (const caption of captions) expect(caption).toMatchObject({ plain_text: expect.any(String), start: expect.any(Number) });
    expect(dropped).toBe(Math.ceil(speech.length / 16_000));
  });

  it('passes the sidecar\'s transcripts through when no local recogniser runs', async () => {
    const { captions, dropped } = await transcriptsWith(null);
    expect(captions.map((c) => c.text)).toEqual(Array.from({ length: Math.ceil(speech.length / 16_000) }, () => SIDECAR_WORDS));
    expect(dropped).toBe(0);
  });
});
