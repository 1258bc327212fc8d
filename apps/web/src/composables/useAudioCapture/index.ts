import { AUDIO_SAMPLE_RATE } from '@linnet/shared';
import { computed, onScopeDispose, readonly, ref } from 'vue';
import { openAudioSocketFor, reconnectNotice, type ReconnectTimers } from '../../lib/audio-reconnect';
import type { AudioSocket, PageLocation } from '../../lib/audio-socket';
import { levelFromRms } from '../../lib/level';
import { MIC_TEXT } from '../../lib/text-session';
import pcmChunkerUrl from '../../worklets/pcm-chunker.worklet.ts?worker&url';
import type { PcmChunkMessage } from '../../worklets/pcm-chunker.worklet';

export interface UseAudioCaptureOptions {
  /** @default globalThis.navigator */
  navigator?: { mediaDevices?: Pick<MediaDevices, 'getUserMedia'> };
  /** @default globalThis.AudioContext */
  AudioContext?: typeof AudioContext;
  /** @default globalThis.AudioWorkletNode */
  AudioWorkletNode?: typeof AudioWorkletNode;
  /** @default globalThis.WebSocket */
  WebSocket?: typeof WebSocket;
  /** @default globalThis.location */
  location?: PageLocation;
  /** URL of the PCM chunker worklet module; Vite bundles it and hands out its URL. */
  workletUrl?: string;
  /** Browsers hide `navigator.mediaDevices` on plain-http pages other than localhost. @default globalThis.isSecureContext */
  isSecureContext?: boolean;
  /** Backoff and notice timeouts of the audio socket's reconnection. @default globalThis.setTimeout / clearTimeout */
  reconnectTimers?: ReconnectTimers;
}

// Raw audio: the browser's voice processing would flatten loudness (AGC) and erase tones (noise suppression).
const MIC_CONSTRAINTS: MediaStreamConstraints = {
  audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
};

/**
 * Streams the microphone to the session's audio WebSocket: getUserMedia → a 16 kHz AudioContext → an AudioWorklet
 * cutting 100 ms Int16 frames → `WS /session/:id/audio`, with a live input level for the meter.
 * @see https://www.w3.org/TR/webaudio/#AudioWorklet
 */
export function useAudioCapture({
  navigator = globalThis.navigator,
  AudioContext: AudioContextImpl = globalThis.AudioContext,
  AudioWorkletNode: AudioWorkletNodeImpl = globalThis.AudioWorkletNode,
  WebSocket = globalThis.WebSocket,
  location = globalThis.location,
  workletUrl = pcmChunkerUrl,
  isSecureContext = globalThis.isSecureContext,
  reconnectTimers = { setTimeout: (run, ms) => globalThis.setTimeout(run, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) },
}: UseAudioCaptureOptions = {}) {
  const isSupported = computed(
    () => typeof navigator?.mediaDevices?.getUserMedia === 'function' && !!AudioContextImpl && !!AudioWorkletNodeImpl && !!WebSocket,
  );
  /** True while the mic is streaming. */
  const active = ref(false);
  /** Input level 0..1 (dBFS-scaled RMS of the last 100 ms). */
  const level = ref(0);
  /** Last failure in plain words. */
  const error = ref<string | null>(null);
  /** "Reconnecting…" while the audio socket reopens by itself, then "Reconnected" for a few seconds. */
  const notice = ref<string | null>(null);
  /** The audio socket is reopening: frames are dropped, so nothing is sent (the meter reads empty). */
  const reconnecting = ref(false);
  const { onReconnect, clear: clearNotice } = reconnectNotice((text, down) => {
    notice.value = text;
    reconnecting.value = down;
  }, reconnectTimers);

  let stream: MediaStream | undefined;
  let context: AudioContext | undefined;
  let node: AudioWorkletNode | undefined;
  let source: MediaStreamAudioSourceNode | undefined;
  let socket: AudioSocket | undefined;
  /** Bumped by stop(); a start() still awaiting permission notices it and backs out. */
  let attempt = 0;

  /** Asks for the mic and starts streaming it to the session; resolves false (with `error` set) on failure. */
  async function start(sessionId: string): Promise<boolean> {
    stop();
    const mine = ++attempt;
    error.value = null;
    if (!isSupported.value) {
      // A phone opening http://<computer's address> is the usual case, and it is the address, not the browser.
      error.value = isSecureContext === false ? MIC_TEXT.insecure : MIC_TEXT.unsupported;
      return false;
    }
    let micStream: MediaStream;
    try {
      micStream = await navigator.mediaDevices!.getUserMedia(MIC_CONSTRAINTS);
    } catch (cause) {
      if (mine === attempt) error.value = micProblem(cause);
      return false;
    }
    // stop() during the permission prompt: hand the mic straight back.
    if (mine !== attempt) {
      releaseTracks(micStream);
      return false;
    }
    stream = micStream;
    const opened = await openAudioSocketFor(sessionId, () => mine === attempt, MIC_TEXT.startFailed, { WebSocket, location, onClose: onSocketClosed, onReconnect, timers: reconnectTimers });
    if (!('socket' in opened)) {
      if ('problem' in opened) {
        stop();
        error.value = opened.problem;
      }
      return false;
    }
    socket = opened.socket;
    try {
      await buildGraph(micStream);
      if (mine !== attempt) return false;
      node!.port.onmessage = ({ data }: MessageEvent<PcmChunkMessage>) => {
        level.value = levelFromRms(data.rms);
        socket?.send(data.pcm);
      };
      for (const track of micStream.getAudioTracks()) track.addEventListener('ended', onTrackEnded);
      active.value = true;
      return true;
    } catch {
      if (mine !== attempt) return false;
      stop();
      error.value = MIC_TEXT.startFailed;
      return false;
    }
  }

  async function buildGraph(input: MediaStream): Promise<void> {
    try {
      context = new AudioContextImpl({ sampleRate: AUDIO_SAMPLE_RATE });
      source = context.createMediaStreamSource(input);
    } catch {
      // Firefox cannot connect a mic to a context at another rate; use the native rate and let the worklet resample.
      void context?.close();
      context = new AudioContextImpl();
      source = context.createMediaStreamSource(input);
    }
    await context.audioWorklet.addModule(workletUrl);
    node = new AudioWorkletNodeImpl(context, 'pcm-chunker', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1 });
    source.connect(node);
    // The node writes silence; connecting it to the destination keeps every browser pulling audio through it.
    node.connect(context.destination);
    await context.resume();
  }

  function onSocketClosed(problem: string | null): void {
    stop();
    error.value = problem;
  }

  function releaseTracks(micStream: MediaStream): void {
    for (const track of micStream.getTracks()) {
      track.removeEventListener('ended', onTrackEnded);
      track.stop();
    }
  }

  function onTrackEnded(): void {
    stop();
    error.value = MIC_TEXT.ended;
  }

  /** Stops streaming and releases the mic: tracks stopped, audio context closed, socket closed. */
  function stop(): void {
    attempt++;
    if (node) node.port.onmessage = null;
    node?.disconnect();
    source?.disconnect();
    if (stream) releaseTracks(stream);
    void context?.close().catch(() => undefined);
    socket?.close();
    node = source = stream = context = socket = undefined;
    active.value = false;
    level.value = 0;
    clearNotice();
  }

  onScopeDispose(stop);

  return { isSupported, active: readonly(active), level: readonly(level), error: readonly(error), notice: readonly(notice), reconnecting: readonly(reconnecting), start, stop };
}
export type UseAudioCaptureReturn = ReturnType<typeof useAudioCapture>;

/** Plain words for a getUserMedia failure. */
function micProblem(cause: unknown): string {
  const name = cause instanceof Error || cause instanceof DOMException ? cause.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return MIC_TEXT.denied;
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return MIC_TEXT.notFound;
  if (name === 'NotReadableError') return MIC_TEXT.busy;
  return MIC_TEXT.failed;
}
