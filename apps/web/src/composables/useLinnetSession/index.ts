import { onScopeDispose, watch } from 'vue';
import { createSessionApi, plainApiMessage, type SessionApi } from '../../lib/session-api';
import { useSessionStore, type SessionStore } from '../../stores/session';
import { useAudioCapture, type UseAudioCaptureReturn } from '../useAudioCapture';
import { useSampleStream, type UseSampleStreamReturn } from '../useSampleStream';
import { useToneStream, type UseToneStreamReturn } from '../useToneStream';
import { useWakeLock, type UseWakeLockReturn } from '../useWakeLock';

export interface UseLinnetSessionOptions {
  /** @default useSessionStore() */
  store?: SessionStore;
  /** @default createSessionApi() */
  api?: SessionApi;
  /** Analysis window sent with the start request. @default 1000 */
  windowMs?: number;
  /** Play "Try a sample" aloud while streaming it. @default true */
  playSampleAloud?: boolean;
  wakeLock?: UseWakeLockReturn;
  toneStream?: UseToneStreamReturn;
  capture?: UseAudioCaptureReturn;
  sample?: UseSampleStreamReturn;
}

/** The app's session controller: start/end a session and drive the stream, wake lock, mic and sample together. */
export function useLinnetSession({
  store = useSessionStore(),
  api = createSessionApi(),
  windowMs = 1000,
  playSampleAloud = true,
  wakeLock = useWakeLock(),
  toneStream = useToneStream({ store, api, wakeLock }),
  capture = useAudioCapture(),
  sample = useSampleStream(),
}: UseLinnetSessionOptions = {}) {
  /** Creates a session with the chosen tone prefix and starts following its events. */
  async function start(): Promise<void> {
    if (store.status === 'starting' || store.sessionId) return;
    store.startRequested();
    try {
      const session = await api.start(store.elcor, windowMs);
      store.begin(session);
      toneStream.connect(session.session_id);
      void wakeLock.acquire();
    } catch (error) {
      store.reset();
      store.fail(plainApiMessage(error));
    }
  }

  /** Ends the session on the server and returns to the start screen. */
  async function end(): Promise<void> {
    const id = store.sessionId;
    if (!id) return;
    toneStream.disconnect();
    store.setStatus('ended');
    stopAudio();
    try {
      await api.end(id);
    } catch (error) {
      // The server reaps it after the idle TTL anyway; say so rather than keep the user stuck.
      store.fail(`${plainApiMessage(error)} The session will close by itself shortly.`);
    }
    store.reset();
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
  // One watch per source, so a stale mic error cannot mask a new sample error; sync, so a retry that fails the same
  // way (null, then the same message, in one tick) shows its message again after toggleMic/toggleSample cleared it.
  const stopErrors = [capture.error, sample.error].map((source) =>
    watch(source, (message) => message && store.fail(message), { flush: 'sync' }),
  );
  onScopeDispose(() => {
    stopOnGone();
    for (const stop of stopErrors) stop();
  });

  return { start, end, toggleMic, toggleSample, capture, sample, wakeLock, toneStream };
}
export type UseLinnetSessionReturn = ReturnType<typeof useLinnetSession>;
