import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LinnetEventSchema,
  SessionResponseSchema,
  SSE_EVENT_NAMES,
  ToneEventSchema,
} from '@linnet/shared';
import { decodeWav } from '@linnet/engine';
import { startServer, type RunningServer } from '../server.js';
import { streamPcm } from '../testing/audio-client.js';
import { openSse } from '../testing/sse-client.js';

const SENTENCES = [
  'Thanks for calling, I have your appointment details in front of me now.',
  'The results came back this morning and everything looks normal to me.',
  'Could you tell me which day works best for you next week?',
];

/** Real speech from espeak-ng, resampled to the wire's 16 kHz mono Int16. */
function speak(dir: string): Int16Array {
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, 'speech.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', raw, SENTENCES.join(' ')]);
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav]);
  return decodeWav(readFileSync(wav)).samples;
}

describe('speech through the audio WebSocket', () => {
  let server: RunningServer;
  let dir: string;
  let speech: Int16Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-speech-'));
    speech = speak(dir);
    // The real engine: no engineFactory override, so TONE_ENGINE's default (prosody) is used.
    server = await startServer({ captions: false, env: { port: 0, host: '127.0.0.1' } });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runSession(elcor: boolean) {
    const started = await fetch(`${server.url}/session/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ elcor }),
    });
    const { session_id } = SessionResponseSchema.parse(await started.json());
    const sse = await openSse(`${server.url}/session/${session_id}/stream`);
    const { sentBytes, ackedBytes } = await streamPcm(server.url, session_id, speech);
    expect(ackedBytes).toEqual(sentBytes);
    await sse.waitFor((item) => item.kind === 'event' && item.event === SSE_EVENT_NAMES.tone, 10_000);
    await fetch(`${server.url}/session/${session_id}/end`, { method: 'DELETE' });
    await sse.ended;
    return { session_id, events: sse.events() };
  }

  it('yields speaker and tone events on the SSE stream that match the shared schema', async () => {
    const { session_id, events } = await runSession(false);
    const linnetEvents = events.filter((e) => e.event !== 'session-ended');
    expect(linnetEvents.length).toBeGreaterThan(1);
    for (const item of linnetEvents) {
      const parsed = LinnetEventSchema.parse(item.data);
      expect(item.event).toBe(SSE_EVENT_NAMES[parsed.event_type]);
      expect(parsed.session_id).toBe(session_id);
    }
    const ids = events.map((e) => e.id).filter((id) => id !== undefined);
    expect(ids).toEqual([...ids].sort((a, b) => a! - b!));
    const speaker = linnetEvents.map((e) => LinnetEventSchema.parse(e.data)).filter((e) => e.event_type === 'speaker');
    expect(speaker[0]).toMatchObject({ label: 'human_single' });
    const tones = linnetEvents.filter((e) => e.event === 'tone-event').map((e) => ToneEventSchema.parse(e.data));
    // Audio time, not wall time: every timestamp lies within the streamed speech, in order.
    const seconds = speech.length / 16_000;
    expect(tones.map((t) => t.timestamp).filter((ts) => !(ts >= 0 && ts <= seconds + 0.01))).toEqual([]);
    expect(tones.map((t) => t.timestamp)).toEqual(tones.map((t) => t.timestamp).sort((a, b) => a - b));
    expect(tones.every((t) => !t.subtext.startsWith('['))).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'session-ended', data: { session_id, reason: 'ended' } });
  });

  it('writes the bracketed subtext on an elcor session', async () => {
    const { events } = await runSession(true);
    const tones = events.filter((e) => e.event === 'tone-event').map((e) => ToneEventSchema.parse(e.data));
    expect(tones.length).toBeGreaterThan(0);
    for (const tone of tones) expect(tone.subtext).toMatch(new RegExp(`^\\[${tone.label} — .+\\]$`));
  });
});
