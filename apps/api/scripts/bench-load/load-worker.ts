/**
 * A load-generating child process: runs its share of the sessions and reports what it measured.
 * The bench forks several so one event loop is never the bottleneck being measured.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { AUDIO_FRAME_BYTES } from '@linnet/shared';
import { loadSpeech } from './fixture.js';
import { LoadSession, type LoadSinks } from './load-session.js';
import type { FromLoadWorker, ToLoadWorker } from './messages.js';
import { maskedBinaryFrames } from './raw-websocket.js';
import { SampleBuffer } from './stats.js';

// Opening a thousand sessions at once would measure the accept queue, not streaming.
const OPEN_CONCURRENCY = 32;

const send = (message: FromLoadWorker) => process.send!(message);
const sinks: LoadSinks = {
  ackRttMs: new SampleBuffer(),
  eventLatencyMs: new SampleBuffer(),
  sendLagMs: new SampleBuffer(),
  counts: {
    sessionsOpened: 0,
    openFailures: 0,
    framesSent: 0,
    acks: 0,
    toneEvents: 0,
    speakerEvents: 0,
    otherEvents: 0,
    eventsBeforeWindowEnd: 0,
    socketsClosedEarly: 0,
  },
};
const sessions: LoadSession[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let streaming = 0;

async function openAll(message: Extract<ToLoadWorker, { type: 'open' }>): Promise<void> {
  // Framed once for every session of this process: sending a frame is then one write of a view.
  const framedPcm = maskedBinaryFrames(loadSpeech().pcm, AUDIO_FRAME_BYTES);
  let firstError: string | null = null;
  const queue = [...message.plans];
  const opener = async () => {
    for (let plan = queue.shift(); plan; plan = queue.shift()) {
      const session = new LoadSession({
        baseUrls: message.baseUrls,
        framedPcm,
        plan,
        frames: message.frames,
        windowMs: message.windowMs,
        sinks,
        onDone: () => {
          if (--streaming === 0) send({ type: 'sent' });
        },
      });
      try {
        await session.open();
        sessions.push(session);
        sinks.counts.sessionsOpened += 1;
      } catch (error) {
        sinks.counts.openFailures += 1;
        firstError ??= (error as Error).message;
        session.close();
      }
    }
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, opener));
  send({ type: 'opened', counts: sinks.counts, firstError });
}

process.on('message', (message: ToLoadWorker) => {
  if (message.type === 'open') void openAll(message);
  if (message.type === 'go') {
    const t0 = performance.now() + (message.startAtEpochMs - Date.now());
    streaming = sessions.length;
    if (streaming === 0) send({ type: 'sent' });
    for (const session of sessions) session.begin(t0);
    setTimeout(() => loopDelay.enable(), Math.max(0, message.startAtEpochMs - Date.now()));
  }
  if (message.type === 'finish') {
    loopDelay.disable();
    for (const session of sessions) session.close();
    const ms = (ns: number) => ns / 1e6;
    const result: FromLoadWorker = {
      type: 'result',
      counts: sinks.counts,
      ackRttMs: sinks.ackRttMs.toArray(),
      eventLatencyMs: sinks.eventLatencyMs.toArray(),
      sendLagMs: sinks.sendLagMs.toArray(),
      loopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    };
    // Exit only once the result is on the wire: a fixed delay lost it on a busy machine.
    process.send!(result, undefined, {}, () => process.exit(0));
  }
});
