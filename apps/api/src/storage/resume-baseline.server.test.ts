import { join } from 'node:path';
import { KeptSessionSchema, ToneEventSchema, type SpeakerBaselineState, type ToneEvent } from '@linnet/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { streamPcm } from '../testing/audio-client.js';
import { openSse } from '../testing/sse-client.js';
import { voicedPcm } from '../workers/testing/voiced-pcm.js';
import { call, postJson, startSession, tempDir } from './testing.js';

// The real prosody engine in its worker thread, real audio over the WebSocket, a real database file:
// a kept conversation keeps its speaker baseline's numbers, and the session resuming it hears its
// first windows against that baseline instead of learning the voice afresh.
describe('resume carries the speaker baseline', { timeout: 60_000 }, () => {
  let temp: ReturnType<typeof tempDir>;
  let server: RunningServer;

  beforeAll(async () => {
    temp = tempDir();
    // Every tone window is published (none held back under MIN_CONFIDENCE), so first windows compare.
    server = await startServer({ captions: false, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', db: join(temp.dir, 'linnet.db'), engineWorkers: 1, minConfidence: 0 } });
  });
  afterAll(async () => {
    await server.close();
    temp.remove();
  });

  /** Stream `seconds` of voice into session `id`; its tone events once the window at `lastWindowS` is answered. */
  async function speak(id: string, seconds: number, lastWindowS: number): Promise<ToneEvent[]> {
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    await streamPcm(server.url, id, voicedPcm(seconds));
    await sse.waitFor((item) => item.kind === 'event' && item.event === 'tone-event' && ToneEventSchema.parse(item.data).timestamp >= lastWindowS, 20_000);
    sse.close();
    return sse.events().filter((item) => item.event === 'tone-event').map((item) => ToneEventSchema.parse(item.data));
  }

  async function endAndRead(id: string): Promise<SpeakerBaselineState | null | undefined> {
    expect(await call(`${server.url}/session/${id}/end`, { method: 'DELETE' })).toMatchObject({ body: { keep: 'kept' } });
    return KeptSessionSchema.parse((await call(`${server.url}/sessions/${id}`)).body).speaker_baseline;
  }

  it('keeps the baseline numbers with the conversation and starts the resumed engine from them', async () => {
    const first = await startSession(server, { keep: true });
    // voicedPcm speaks 3.2 s of every 4: the window at 10 s is its last full one of speech.
    await speak(first, 12, 10);
    const kept = await endAndRead(first);
    expect(kept).toEqual({
      pitch_st: expect.any(Number),
      pitch_range_log: expect.any(Number),
      loudness_db: expect.any(Number),
      rate: expect.any(Number),
      tempo: expect.any(Number),
      pause_ratio: expect.any(Number),
      windows: expect.any(Number),
    });
    expect(kept!.windows).toBeGreaterThanOrEqual(5);

    const resumed = await postJson(`${server.url}/session/resume`, { from: first });
    expect(resumed.status).toBe(200);
    const resumedId = (resumed.body as { session_id: string }).session_id;
    const fresh = await startSession(server, { keep: true });
    const [resumedFirst] = await speak(resumedId, 3, 2);
    const [freshFirst] = await speak(fresh, 3, 2);
    expect([resumedFirst!.timestamp, freshFirst!.timestamp]).toEqual([0, 0]);
    // The same first window of the same voice: against population defaults it is loud and pausing;
    // against the kept baseline, which knows this voice is like that, it is neither.
    expect(freshFirst!.prosody_flags).toEqual(expect.arrayContaining(['loud', 'long pauses']));
    expect(resumedFirst!.prosody_flags).not.toContain('loud');
    expect(resumedFirst!.prosody_flags).not.toContain('long pauses');
    expect(resumedFirst!.shift_magnitude).toBeLessThan(freshFirst!.shift_magnitude);

    // The resumed conversation's baseline went on from the kept one: its window count continues.
    const continued = await endAndRead(resumedId);
    const restarted = await endAndRead(fresh);
    expect(continued!.windows).toBe(kept!.windows + restarted!.windows);
    expect(restarted!.windows).toBeGreaterThan(0);
  });
});
