import { encodeWav } from '@linnet/engine';
import { AUDIO_CLOSE_CODES } from '@linnet/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { FakeWebSocket, ManualTimers, openLatestSocket } from '../../test/fakes';
import { useSampleStream } from './index';

/** A mono 16-bit WAV holding `samples` (16 kHz unless told). */
function wavBytes(samples: Int16Array, sampleRate = 16000): ArrayBuffer {
  return encodeWav({ sampleRate, samples }).buffer as ArrayBuffer;
}

class StepTimers {
  ticks: (() => void)[] = [];
  intervals: number[] = [];
  setInterval = (tick: () => void, ms: number) => {
    this.intervals.push(ms);
    this.ticks.push(tick);
    return this.ticks.length;
  };
  clearInterval = (handle: unknown) => {
    if (typeof handle === 'number') this.ticks[handle - 1] = () => undefined;
  };
  step(): void {
    for (const tick of this.ticks) tick();
  }
}

function setup(body: ArrayBuffer | null) {
  const timers = new StepTimers();
  const reconnectTimers = new ManualTimers();
  const fetched: string[] = [];
  const scope = effectScope();
  const sample = scope.run(() =>
    useSampleStream({
      fetch: (async (url: string) => {
        fetched.push(url);
        return body ? new Response(body) : new Response('missing', { status: 404 });
      }) as typeof fetch,
      WebSocket: FakeWebSocket as unknown as typeof WebSocket,
      location: { protocol: 'http:', host: 'localhost:8521' },
      timers,
      reconnectTimers,
    }),
  )!;
  return { sample, timers, fetched, reconnectTimers };
}

describe('useSampleStream', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
  });

  it('sends the WAV in 3200-byte frames at 100 ms pace, then closes the socket', async () => {
    // 2.5 frames: a loud first frame, silence after.
    const samples = new Int16Array(4000);
    samples.fill(16384, 0, 1600);
    const { sample, timers, fetched } = setup(wavBytes(samples));
    const started = sample.start('sid1');
    const socket = await openLatestSocket();
    await expect(started).resolves.toBe(true);
    expect(fetched).toEqual(['/sample-speech.wav']);
    expect(socket.url).toBe('ws://localhost:8521/session/sid1/audio');
    expect(timers.intervals).toEqual([100]);
    expect(socket.sent.map((f) => f.byteLength)).toEqual([3200]);
    // A half-scale square frame is -6 dBFS.
    expect(sample.level.value).toBeCloseTo(1 - 6.0206 / 60, 3);
    timers.step();
    timers.step();
    expect(socket.sent.map((f) => f.byteLength)).toEqual([3200, 3200, 1600]);
    expect(new Int16Array(socket.sent[0]!)[0]).toBe(16384);
    expect(sample.progress.value).toBe(1);
    timers.step();
    expect(sample.active.value).toBe(false);
    expect(socket.closedWith).toBe(1000);
  });

  it('reports a missing or wrong-format sample in plain words', async () => {
    const { sample } = setup(null);
    await expect(sample.start('sid1')).resolves.toBe(false);
    expect(sample.error.value).toBe('The sample recording could not be loaded. Check the connection and press "Try a sample" again.');
    const wrongRate = setup(wavBytes(new Int16Array(10), 44100)).sample;
    await expect(wrongRate.start('sid1')).resolves.toBe(false);
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('stops when the API closes the socket', async () => {
    const { sample } = setup(wavBytes(new Int16Array(16000)));
    const started = sample.start('sid1');
    const socket = await openLatestSocket();
    await started;
    socket.serverClose(AUDIO_CLOSE_CODES.sessionEnded);
    expect(sample.active.value).toBe(false);
    expect(sample.error.value).toBeNull();
  });

  it('keeps streaming through another socket when the instance serving the audio goes away, saying so briefly', async () => {
    const { sample, timers, reconnectTimers } = setup(wavBytes(new Int16Array(16000)));
    const started = sample.start('sid1');
    const first = await openLatestSocket();
    await started;
    first.serverClose(1006);
    expect(sample.active.value).toBe(true);
    expect(sample.notice.value).toBe('Audio connection lost — reconnecting…');
    expect(sample.error.value).toBeNull();
    timers.step();
    expect(reconnectTimers.runNext()).toBe(250);
    const second = await openLatestSocket();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(second.url).toBe('ws://localhost:8521/session/sid1/audio');
    expect(sample.notice.value).toBe('Reconnected');
    timers.step();
    expect(second.sent.map((f) => f.byteLength)).toEqual([3200]);
    expect(first.sent).toHaveLength(1);
    reconnectTimers.runNext();
    expect(sample.notice.value).toBeNull();
    expect(sample.active.value).toBe(true);
  });

  it('stops for good, with the reason, when another device takes the audio over (4010)', async () => {
    const { sample, reconnectTimers } = setup(wavBytes(new Int16Array(16000)));
    const started = sample.start('sid1');
    const socket = await openLatestSocket();
    await started;
    socket.serverClose(AUDIO_CLOSE_CODES.replaced);
    expect(sample.active.value).toBe(false);
    expect(sample.error.value).toBe('Another tab or device is now sending audio to this session, so audio stopped here. Start it again here to switch back.');
    expect(reconnectTimers.pending).toEqual([]);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
