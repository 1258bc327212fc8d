import type { SessionResponse } from '@linnet/shared';
import { computed, onScopeDispose, watch, type Ref } from 'vue';
import { ApiError, createSessionApi, plainApiMessage, type SessionApi } from '../../lib/session-api';
import { KEEPING_TEXT, SESSION_END_TEXT } from '../../lib/text-live';
import { useSessionStore, type SessionStatus, type SessionStore } from '../../stores/session';
import { useAudioCapture, type UseAudioCaptureReturn } from '../useAudioCapture';
import { useSampleStream, type UseSampleStreamReturn } from '../useSampleStream';
import { useServerHealth } from '../useServerHealth';
import { useSettings, type Settings } from '../useSettings';
import { useToneStream, type StreamMessage, type StreamStatus, type UseToneStreamReturn } from '../useToneStream';
import { useWakeLock, type UseWakeLockReturn } from '../useWakeLock';
import { applyStreamMessage } from './apply-stream-message';

/** The session status the screen shows for each stream connection status (`idle` leaves it to start/end). */
const STATUS_FOR_STREAM: Record<Exclude<StreamStatus, 'idle'>, SessionStatus> = {
  connecting: 'starting',
  live: 'live',
  reconnecting: 'reconnecting',
};

export interface UseLinnetSessionOptions {
  /** @default useSessionStore() */
  store?: SessionStore;
  /** @default createSessionApi() */
  api?: SessionApi;
  /** Tone prefix and analysis window are read from here when a session starts. @default useSettings() */
  settings?: Pick<Settings, 'elcor' | 'windowMs' | 'keep'>;
  /** Play "Try a sample" aloud while streaming it. @default true */
  playSampleAloud?: boolean;
  /** Client clock in ms, stamped on each event as it arrives. @default Date.now */
  now?: () => number;
  wakeLock?: UseWakeLockReturn;
  /** Builds the event stream around the handler this controller gives it. @default useToneStream({ onMessage, api, wakeLock }) */
  toneStream?: (onMessage: (message: StreamMessage) => void) => UseToneStreamReturn;
  capture?: UseAudioCaptureReturn;
  sample?: UseSampleStreamReturn;
  /**
   * Whether the server can keep (its /health); keep is asked for only then, and a Start refused with
   * keeping_unavailable turns it off. @default useServerHealth().canKeep
   */
  canKeep?: Ref<boolean>;
}

/** The app's session controller: start/end a session and drive the stream, wake lock, mic and sample together. */
export function useLinnetSession({
  store = useSessionStore(),
  api = createSessionApi(),
  settings = useSettings(),
  playSampleAloud = true,
  now = Date.now,
  wakeLock = useWakeLock(),
  toneStream: createToneStream = (onMessage) => useToneStream({ onMessage, api, wakeLock }),
  capture = useAudioCapture(),
  sample = useSampleStream(),
  canKeep = useServerHealth().canKeep,
}: UseLinnetSessionOptions = {}) {
  const toneStream = createToneStream((message) => applyStreamMessage(store, message, now()));

  /** Creates a session with the chosen tone prefix and starts following its events. */
  async function start(): Promise<void> {
    if (store.status === 'starting' || store.sessionId) return;
    store.startRequested();
    try {
      adopt(await api.start(settings.elcor.value, settings.windowMs.value, settings.keep.value && canKeep.value));
    } catch (error) {
      // Refused before /health had answered: the switch turns off, as /health would have had it.
      if (error instanceof ApiError && error.code === 'keeping_unavailable') canKeep.value = false;
      store.reset();
      store.fail(plainApiMessage(error));
    }
  }

  /** Continues a kept conversation as a new live session (`POST /session/resume`), kept in its turn. */
  async function resume(from: string): Promise<void> {
    if (store.status === 'starting' || store.sessionId) return;
    store.startRequested();
    try {
      adopt(await api.resume(from));
    } catch (error) {
      store.reset();
      store.fail(plainApiMessage(error));
    }
  }

  function adopt(session: SessionResponse): void {
    store.begin(session);
    toneStream.connect(session.session_id);
    void wakeLock.acquire();
  }

  /** Ends the session on the server and returns to the start screen. */
  async function end(): Promise<void> {
    const id = store.sessionId;
    if (!id) return;
    toneStream.disconnect();
    store.setStatus('ended');
    stopAudio();
    let keepFailed = false;
    try {
      keepFailed = (await api.end(id))?.keep === 'failed';
      // Ended (or already gone): the server keeps nothing of it to export, so the start screen does not ask.
      if (store.lastSessionId === id) store.lastSessionId = null;
    } catch (error) {
      // The server reaps it after the idle TTL anyway; say so rather than keep the user stuck.
      store.fail(`${plainApiMessage(error)} ${SESSION_END_TEXT.endFailedSuffix}`);
    }
    store.reset();
    if (keepFailed) store.fail(KEEPING_TEXT.failed);
  }

  /** Turns the microphone on or off. */
  async function toggleMic(): Promise<void> {
    if (capture.active.value) return capture.stop();
    if (!store.sessionId) return;
    sample.stop();
    store.fail(null);
    await capture.start(store.sessionId);
  }

  /** Streams the bundled sample (stopping the mic first), or stops it if it is playing. */
  async function toggleSample(): Promise<void> {
    if (sample.active.value) return sample.stop();
    if (!store.sessionId) return;
    capture.stop();
    store.fail(null);
    await sample.start(store.sessionId, { playAloud: playSampleAloud });
  }

  function stopAudio(): void {
    capture.stop();
    sample.stop();
    void wakeLock.release();
  }

  // Expired, reaped or ended elsewhere: let go of the mic and the screen.
  const stopOnGone = watch(
    () => store.sessionId,
    (id) => id === null && stopAudio(),
  );
  const stopStatus = watch(toneStream.status, (next) => {
    if (next !== 'idle' && store.sessionId) store.setStatus(STATUS_FOR_STREAM[next]);
    // What arrives right after a (re)connect may be a replay of what was missed, stamped by its own time.
    if (next === 'live') store.streamOpened(now());
  }, { flush: 'sync' });
  // What was being heard stops being true when the audio stops: the store drops the live label and call state.
  const stopAudioWatch = watch(
    () => capture.active.value || sample.active.value,
    (streaming, was) => {
      if (streaming) store.audioStarted();
      else if (was) store.audioStopped(now());
    },
    { flush: 'sync' },
  );
  // One watch per source, so a stale mic error cannot mask a new sample error; sync, so a retry that fails the same
  // way (null, then the same message, in one tick) shows its message again after toggleMic/toggleSample cleared it.
  const stopErrors = [capture.error, sample.error].map((source) =>
    watch(source, (message) => message && store.fail(message), { flush: 'sync' }),
  );
  onScopeDispose(() => {
    stopOnGone();
    stopStatus();
    stopAudioWatch();
    for (const stop of stopErrors) stop();
  });

  // Audio actually going out, for the meter and the status line: while the audio socket reopens by itself the mic
  // stays on (lib/audio-reconnect.ts) but its frames are dropped, so the meter must read empty, not the room's level.
  const sending = computed(() => (capture.active.value && !capture.reconnecting.value) || (sample.active.value && !sample.reconnecting.value));
  // The level of whatever is streaming, the mic first (the sample asks before it replaces a live mic).
  const level = computed(() => {
    if (capture.active.value) return capture.level.value;
    return sample.active.value ? sample.level.value : 0;
  });

  return { start, resume, end, toggleMic, toggleSample, capture, sample, wakeLock, toneStream, sending, level };
}
export type UseLinnetSessionReturn = ReturnType<typeof useLinnetSession>;
