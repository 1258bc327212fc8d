import { AUDIO_CLOSE_CODES } from '@linnet/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { FakeWebSocket, flushPromises, openLatestSocket } from '../../test/fakes';
import { useAudioCapture } from './index';

class FakeTrack extends EventTarget {
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
}

class FakeAudioNode {
  connectedTo: unknown[] = [];
  disconnected = false;
  connect(target: unknown): void {
    this.connectedTo.push(target);
  }
  disconnect(): void {
    this.disconnected = true;
  }
}

class FakeAudioContext {
  static instances: FakeAudioContext[] = [];
  closed = false;
  modules: string[] = [];
  readonly destination = new FakeAudioNode();
  readonly audioWorklet = { addModule: async (url: string) => void this.modules.push(url) };
  constructor(readonly options?: AudioContextOptions) {
    FakeAudioContext.instances.push(this);
  }
  createMediaStreamSource(): FakeAudioNode {
    return new FakeAudioNode();
  }
  async resume(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}

class FakeWorkletNode extends FakeAudioNode {
  static instances: FakeWorkletNode[] = [];
  readonly port = { onmessage: null as ((message: { data: unknown }) => void) | null };
  constructor(
    readonly context: FakeAudioContext,
    readonly name: string,
  ) {
    super();
    FakeWorkletNode.instances.push(this);
  }
}

function setup(getUserMedia: () => Promise<unknown>) {
  const track = new FakeTrack();
  const requests: unknown[] = [];
  const scope = effectScope();
  const capture = scope.run(() =>
    useAudioCapture({
      navigator: {
        mediaDevices: {
          getUserMedia: async (constraints) => {
            requests.push(constraints);
            await getUserMedia();
            return { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
          },
        },
      },
      AudioContext: FakeAudioContext as unknown as typeof AudioContext,
      AudioWorkletNode: FakeWorkletNode as unknown as typeof AudioWorkletNode,
      WebSocket: FakeWebSocket as unknown as typeof WebSocket,
      location: { protocol: 'https:', host: 'linnet.example' },
      workletUrl: '/assets/pcm-chunker.js',
    }),
  )!;
  return { capture, track, requests, scope };
}

async function startLive(capture: ReturnType<typeof setup>['capture']) {
  const started = capture.start('sid1');
  const socket = await openLatestSocket();
  await expect(started).resolves.toBe(true);
  return socket;
}

describe('useAudioCapture', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    FakeAudioContext.instances = [];
    FakeWorkletNode.instances = [];
  });

  it('streams worklet chunks to the session audio socket and reports their level', async () => {
    const { capture, requests } = setup(async () => undefined);
    const socket = await startLive(capture);
    expect(requests).toEqual([{ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } }]);
    expect(socket.url).toBe('wss://linnet.example/session/sid1/audio');
    const context = FakeAudioContext.instances[0]!;
    expect(context.options).toEqual({ sampleRate: 16000 });
    expect(context.modules).toEqual(['/assets/pcm-chunker.js']);
    const pcm = new ArrayBuffer(3200);
    FakeWorkletNode.instances[0]!.port.onmessage!({ data: { pcm, rms: 0.1 } });
    expect(socket.sent).toEqual([pcm]);
    // 0.1 RMS is -20 dBFS: two thirds up a meter spanning -60..0 dBFS.
    expect(capture.level.value).toBeCloseTo(2 / 3, 5);
    expect(capture.active.value).toBe(true);
  });

  it('releases the mic on stop: tracks stopped, context closed, socket closed', async () => {
    const { capture, track } = setup(async () => undefined);
    const socket = await startLive(capture);
    capture.stop();
    await flushPromises();
    expect(track.stopped).toBe(true);
    expect(FakeAudioContext.instances[0]!.closed).toBe(true);
    expect(socket.closedWith).toBe(1000);
    expect(capture.active.value).toBe(false);
    expect(capture.level.value).toBe(0);
  });

  it('explains a denied microphone in plain words and opens no socket', async () => {
    const { capture } = setup(async () => {
      throw new DOMException('Permission denied', 'NotAllowedError');
    });
    await expect(capture.start('sid1')).resolves.toBe(false);
    expect(capture.error.value).toMatch(/^Microphone access was denied/);
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(capture.active.value).toBe(false);
  });

  it('stops and releases the mic when the API closes the socket', async () => {
    const { capture, track } = setup(async () => undefined);
    const socket = await startLive(capture);
    socket.serverClose(AUDIO_CLOSE_CODES.sessionNotFound);
    expect(track.stopped).toBe(true);
    expect(capture.active.value).toBe(false);
    expect(capture.error.value).toBe('This session no longer exists, so audio stopped.');
  });

  it('takes "replaced by another socket" as final: stops, says why, and opens no new socket', async () => {
    const { capture, track } = setup(async () => undefined);
    const socket = await startLive(capture);
    socket.serverClose(AUDIO_CLOSE_CODES.replaced);
    await flushPromises();
    expect(track.stopped).toBe(true);
    expect(capture.active.value).toBe(false);
    expect(capture.error.value).toBe(
      'Another tab or device is now sending audio to this session, so audio stopped here. Start it again here to switch back.',
    );
    expect(FakeWebSocket.instances).toEqual([socket]);
  });

  it('hands the mic back when stopped while the permission prompt is open', async () => {
    let grant!: () => void;
    const { capture, track } = setup(() => new Promise<void>((resolve) => (grant = resolve)));
    const started = capture.start('sid1');
    await flushPromises();
    capture.stop();
    grant();
    await expect(started).resolves.toBe(false);
    expect(track.stopped).toBe(true);
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('says the microphone needs https when the page is not a secure context', async () => {
    const capture = effectScope().run(() => useAudioCapture({ navigator: {}, isSecureContext: false }))!;
    await expect(capture.start('sid1')).resolves.toBe(false);
    expect(capture.error.value).toBe(
      'The microphone only works when Linnet is opened over https (or as localhost on this device). Use "Try a sample" for now.',
    );
    expect(capture.isSupported.value).toBe(false);
  });
});
