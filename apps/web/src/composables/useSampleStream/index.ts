import { AUDIO_FRAME_BYTES, AUDIO_SAMPLE_RATE } from '@linnet/shared';
import { onScopeDispose, readonly, ref } from 'vue';
import { openAudioSocketFor, reconnectNotice, type ReconnectTimers } from '../../lib/audio-reconnect';
import type { AudioSocket, PageLocation } from '../../lib/audio-socket';
import { levelFromRms, rmsOfInt16 } from '../../lib/level';
import { SAMPLE_TEXT } from '../../lib/text-session';
import { parseWav } from '../../lib/wav';

/** Interval functions, injectable so tests step frames instead of waiting. */
export interface FrameTimers {
  setInterval: (tick: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

export interface UseSampleStreamOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default globalThis.WebSocket */
  WebSocket?: typeof WebSocket;
  /** @default globalThis.location */
  location?: PageLocation;
  /** Used only to play the sample aloud; without it the sample streams silently. @default globalThis.AudioContext */
  AudioContext?: typeof AudioContext;
  /** @default { setInterval, clearInterval } of globalThis */
  timers?: FrameTimers;
  /** Time per frame: real-time pace for 3200-byte frames. @default 100 */
  frameMs?: number;
  /** Backoff and notice timeouts of the audio socket's reconnection. @default globalThis.setTimeout / clearTimeout */
  reconnectTimers?: ReconnectTimers;
}

/** Samples per frame: 3200 bytes of Int16. */
const FRAME_SAMPLES = AUDIO_FRAME_BYTES / 2;

/**
 * "Try a sample": streams a bundled 16 kHz mono WAV to the session's audio WebSocket in 100 ms frames at real-time
 * pace, the same path the microphone takes, so a new user sees real labels without a call at hand.
 */
export function useSampleStream({
  fetch: fetchImpl = (...args) => globalThis.fetch(...args),
  WebSocket = globalThis.WebSocket,
  location = globalThis.location,
  AudioContext: AudioContextImpl = globalThis.AudioContext,
  timers = { setInterval: (tick, ms) => globalThis.setInterval(tick, ms), clearInterval: (h) => globalThis.clearInterval(h as number) },
  frameMs = 100,
  reconnectTimers = { setTimeout: (run, ms) => globalThis.setTimeout(run, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) },
}: UseSampleStreamOptions = {}) {
  /** True while the sample is streaming. */
  const active = ref(false);
  /** Level of the frame just sent, 0..1, for the same meter the mic uses. */
  const level = ref(0);
  /** Share of the sample sent so far, 0..1. */
  const progress = ref(0);
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

  let socket: AudioSocket | undefined;
  let ticker: unknown;
  let playback: AudioContext | undefined;
  let attempt = 0;

  /** Loads the sample and streams it to the session; resolves false (with `error` set) on failure. */
  async function start(sessionId: string, { url = '/sample-speech.wav', playAloud = false } = {}): Promise<boolean> {
    stop();
    const mine = ++attempt;
    error.value = null;
    let samples: Int16Array;
    try {
      const response = await fetchImpl(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const wav = parseWav(await response.arrayBuffer());
      // The API takes 16 kHz mono only; the bundled file is made that way (scripts/make-sample.sh).
      if (wav.sampleRate !== AUDIO_SAMPLE_RATE || wav.channels !== 1) throw new Error('sample is not 16 kHz mono');
      samples = wav.samples;
    } catch {
      if (mine === attempt) error.value = SAMPLE_TEXT.loadFailed;
      return false;
    }
    const opened = await openAudioSocketFor(sessionId, () => mine === attempt, SAMPLE_TEXT.sendFailed, { WebSocket, location, onClose: onSocketClosed, onReconnect, timers: reconnectTimers });
    if ('problem' in opened) error.value = opened.problem;
    if (!('socket' in opened)) return false;
    socket = opened.socket;
    if (playAloud) playback = play(samples);
    active.value = true;
    let offset = 0;
    const sendFrame = () => {
      if (offset >= samples.length) return stop();
      // A copy, so the frame owns exactly its 3200 bytes (Int16Array holds them little-endian on every browser).
      const frame = samples.slice(offset, offset + FRAME_SAMPLES);
      socket?.send(frame.buffer);
      level.value = levelFromRms(rmsOfInt16(frame));
      offset += FRAME_SAMPLES;
      progress.value = Math.min(1, offset / samples.length);
    };
    sendFrame();
    ticker = timers.setInterval(sendFrame, frameMs);
    return true;
  }

  function play(samples: Int16Array): AudioContext | undefined {
    if (!AudioContextImpl) return undefined;
    try {
      const context = new AudioContextImpl();
      const buffer = context.createBuffer(1, samples.length, AUDIO_SAMPLE_RATE);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < samples.length; i++) channel[i] = samples[i]! / 32768;
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(context.destination);
      source.start();
      return context;
    } catch {
      // Playing aloud is a courtesy; streaming works without it.
      return undefined;
    }
  }

  function onSocketClosed(problem: string | null): void {
    stop();
    error.value = problem;
  }

  /** Stops streaming (and playback) and closes the socket. */
  function stop(): void {
    attempt++;
    timers.clearInterval(ticker);
    ticker = undefined;
    socket?.close();
    socket = undefined;
    void playback?.close().catch(() => undefined);
    playback = undefined;
    active.value = false;
    level.value = 0;
    clearNotice();
  }

  onScopeDispose(stop);

  return { active: readonly(active), level: readonly(level), progress: readonly(progress), error: readonly(error), notice: readonly(notice), reconnecting: readonly(reconnecting), start, stop };
}
export type UseSampleStreamReturn = ReturnType<typeof useSampleStream>;
