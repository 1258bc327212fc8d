/**
 * Captions over a line that carries no voice (report only; `pnpm --filter @linnet/api exec tsx
 * scripts/eval/captions-call-states.ts`, about 4 minutes of real-time streaming after `pnpm corpus`).
 * The call-state corpus's ringback, busy, hold-music and noise-floor files (`.corpus/callstate/`), played
 * back to back in two streams through a real server (engine workers, call-state detector, one pocketsphinx
 * per stream) at real time. Prints, per labelled segment kind, the captions and words whose middle lies in
 * it, and the words the captioner dropped because the call state said no voice. What a caller on hold
 * would see captioned: everything over ringback, busy or hold music is the recogniser's guess at a tone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { AUDIO_SAMPLE_RATE, SessionResponseSchema, TranscriptEventSchema, type TranscriptEvent } from '@linnet/shared';
import { createPocketsphinx } from '../../src/captions/pocketsphinx.js';
import { joinPcm } from '../../src/captions/testing/flite-speech.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { sendPaced } from '../../src/testing/audio-client.js';
import { openSse } from '../../src/testing/sse-client.js';
import { readWav } from '../read-wav.js';
import type { ManifestEntry } from '../corpus/callstate.js';

const ROOT = fileURLToPath(new URL('../../.corpus/callstate/', import.meta.url));
const STREAMS = 2;
/** After the last frame, captions still due arrive within this. */
const SETTLE_MS = 6_000;

interface Segment {
  label: string;
  startS: number;
  endS: number;
}

const manifest = JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')) as ManifestEntry[];
const files = manifest.filter((entry) => /^(hold-music|ringback|busy|sequence|noise-floor)/.test(entry.file));

/** The files of one stream back to back, with their labelled segments on the stream's clock. */
function assemble(entries: readonly ManifestEntry[]): { samples: Int16Array; segments: Segment[] } {
  const parts: Int16Array[] = [];
  const segments: Segment[] = [];
  let atS = 0;
  for (const entry of entries) {
    const { samples } = readWav(`${ROOT}${entry.file}`);
    parts.push(samples);
    for (const s of entry.segments) segments.push({ label: s.label, startS: s.start + atS, endS: s.end + atS });
    atS += samples.length / AUDIO_SAMPLE_RATE;
  }
  return { samples: joinPcm(parts), segments };
}

async function caption(server: RunningServer, samples: Int16Array): Promise<TranscriptEvent[]> {
  const res = await fetch(`${server.url}/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const id = SessionResponseSchema.parse(await res.json()).session_id;
  const sse = await openSse(`${server.url}/session/${id}/stream`);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/session/${id}/audio?ackEvery=50`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  await sendPaced(socket, samples);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const captions = sse.events().filter((e) => e.event === 'transcript-event').map((e) => TranscriptEventSchema.parse(e.data));
  socket.close();
  sse.close();
  await fetch(`${server.url}/session/${id}/end`, { method: 'DELETE' });
  return captions;
}

const pocketsphinx = createPocketsphinx();
const server = await startServer({
  recogniser: pocketsphinx,
  env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxTranscribers: STREAMS, maxSessionsPerClient: STREAMS },
});
const streams = Array.from({ length: STREAMS }, (_, k) => assemble(files.filter((_, i) => i % STREAMS === k)));
try {
  const started = Date.now();
  const captioned = await Promise.all(streams.map((stream) => caption(server, stream.samples)));
  const metrics = (await (await fetch(`${server.url}/metrics`)).json()) as { captions: Record<string, unknown> & { pocketsphinx: Record<string, number> } };
  const byKind = new Map<string, { captions: number; words: number }>();
  for (const [k, captions] of captioned.entries()) {
    for (const c of captions) {
      const middle = (c.start! + c.end!) / 2;
      const kind = streams[k]!.segments.find((s) => middle >= s.startS && middle < s.endS)?.label ?? 'unlabelled';
      const tally = byKind.get(kind) ?? { captions: 0, words: 0 };
      tally.captions += 1;
      tally.words += c.plain_text!.split(' ').length;
      byKind.set(kind, tally);
    }
  }
  const audioS = streams.reduce((sum, s) => sum + s.samples.length / AUDIO_SAMPLE_RATE, 0);
  console.log(`captions over the call-state corpus: ${files.length} files, ${audioS.toFixed(0)} s of audio in ${STREAMS} streams at real time (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  console.table(Object.fromEntries([...byKind].sort().map(([kind, t]) => [kind, t])));
  const { audio_dropped_s: droppedS, restarts } = metrics.captions.pocketsphinx;
  console.log(`words not captioned because the line carried no voice: ${String(metrics.captions.non_voice_words_dropped)}; audio dropped ${droppedS} s, decoder restarts ${restarts}`);
} finally {
  await server.close();
}
