import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWav } from '@linnet/engine';
import { QueueEventSchema, SessionResponseSchema, TranscriptEventSchema } from '@linnet/shared';
import { startServer, type RunningServer } from '../server.js';
import { sendPaced } from '../testing/audio-client.js';
import { openSse } from '../testing/sse-client.js';
import { createPocketsphinx } from './pocketsphinx.js';
import { addFaintNoise, fliteSpeech, joinPcm } from './testing/flite-speech.js';

const SAMPLE_RATE = 16_000;
/** Queue music: a tune over a held root and fifth, 0.35 s a note (not one of the call-state corpus's tunes). */
const TUNE_HZ = [392.0, 440.0, 493.88, 523.25, 587.33, 523.25, 493.88, 440.0, 392.0, 349.23, 329.63, 349.23];
const HELD_HZ = [130.81, 196.0];
const NOTE_S = 0.35;
const MUSIC_S = 3 * TUNE_HZ.length * NOTE_S;
/**
 * The detector calls music hold music once it has lasted 3 s (STATE_TIMING.holdMusicAfterS), heard in 1 s windows:
 * words before that were captioned before anyone could know (docs/captions.md, "Hold music and call tones").
 */
const CONFIRMED_AFTER_S = 4;
const HOLD = 'please hold while i put you through';
const ANSWER = 'thank you for waiting how can i help you today';
const ANSWER_WORDS = ['thank', 'waiting', 'help', 'today'];

function holdMusic(dir: string): Int16Array {
  const notes = Array.from({ length: 3 * TUNE_HZ.length }, (_, i) => {
    const out = join(dir, `note${i}.wav`);
    const chord = [TUNE_HZ[i % TUNE_HZ.length]!, ...HELD_HZ];
    execFileSync('sox', [
      '-n', '-r', String(SAMPLE_RATE), '-b', '16', '-c', '1', out,
      'synth', String(NOTE_S), ...chord.flatMap((f) => ['triangle', String(f)]),
      'remix', chord.map((_, c) => `${c + 1}v0.1`).join(','),
      'fade', '0.01', String(NOTE_S), '0.02',
    ]);
    return decodeWav(readFileSync(out)).samples;
  });
  return joinPcm(notes);
}

// Real server, real engine workers (call-state detector), real pocketsphinx: what a caller on hold sees captioned.
describe('captions while the line carries no voice', { timeout: 90_000 }, () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-hold-'));
    server = await startServer({ recogniser: createPocketsphinx(), env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxTranscribers: 1 } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('captions nothing over hold music, and the voice that answers after it', async () => {
    const hold = fliteSpeech(dir, 'hold', HOLD, { before: 0.5, after: 0.3 });
    const musicFromS = hold.length / SAMPLE_RATE;
    const audio = addFaintNoise(joinPcm([hold, holdMusic(dir), fliteSpeech(dir, 'answer', ANSWER, { before: 0.3, after: 2 })]));
    const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const id = SessionResponseSchema.parse(await res.json()).session_id;
    const sse = await openSse(`${server.url}/session/${id}/stream`);
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio?ackEvery=50`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    // Real time: the recogniser and the call-state detector see the line as a phone would deliver it.
    await sendPaced(socket, audio);
    const captions = () => sse.events().filter((e) => e.event === 'transcript-event').map((e) => TranscriptEventSchema.parse(e.data));
    const said = () => new Set(captions().flatMap((c) => c.plain_text!.split(' ')));
    await expect.poll(() => ANSWER_WORDS.filter((w) => said().has(w)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const states = sse.events().filter((e) => e.event === 'queue-event').map((e) => QueueEventSchema.parse(e.data));
    socket.close();
    sse.close();

    // The detector heard the music as music (else there is nothing to test), and the voice as someone answering.
    expect(states.map((s) => s.label)).toEqual(expect.arrayContaining(['hold_music', 'speech']));
    const overMusic = captions().filter((c) => {
      const middle = (c.start! + c.end!) / 2;
      return middle > musicFromS + CONFIRMED_AFTER_S && middle < musicFromS + MUSIC_S - 0.5;
    });
    expect(overMusic.map((c) => `${c.start}-${c.end}: ${c.plain_text}`)).toEqual([]);
  });
});
