import { SESSION_ID } from '@linnet/shared/testing';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { CONNECTION_TEXT } from '../../lib/text-live';
import { useSessionStore } from '../../stores/session';
import { flushPromises, ManualTimers } from '../../test/fakes';
import { useConnectionFlow } from './index';

const MIC_ADVICE = 'The audio connection to Linnet dropped. Turn the mic on again to continue.';

let clock = 0;

function setup() {
  clock = 100_000;
  const store = useSessionStore();
  const nextRetryAt = ref<number | null>(null);
  const micActive = ref(true);
  const onServerLost = vi.fn();
  const restartMic = vi.fn(async () => {
    micActive.value = true;
  });
  const timers = new ManualTimers();
  const flow = effectScope().run(() => useConnectionFlow({ store, nextRetryAt, micActive, restartMic, onServerLost, timers, now: () => clock }))!;
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  store.setStatus('live');
  return { store, nextRetryAt, micActive, restartMic, onServerLost, timers, flow };
}

describe('useConnectionFlow', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('holds back mic advice that cannot help while the server is away, and says one true line when it is back', async () => {
    const { store, nextRetryAt, micActive, restartMic, onServerLost, timers, flow } = setup();
    // The server dies: the mic socket drops first, then the stream.
    micActive.value = false;
    await nextTick();
    store.fail(MIC_ADVICE);
    store.setStatus('reconnecting');
    nextRetryAt.value = 5_000;
    await nextTick();
    expect(flow.unreachable.value).toBe(true);
    expect(store.errorMessage).toBeNull();
    expect(onServerLost).toHaveBeenCalledTimes(1);
    // A later audio error while away is held back too.
    store.fail(MIC_ADVICE);
    expect(store.errorMessage).toBeNull();

    nextRetryAt.value = null;
    store.setStatus('live');
    await flushPromises();
    expect(restartMic).toHaveBeenCalledTimes(1);
    expect(flow.unreachable.value).toBe(false);
    expect(flow.backMessage.value).toBe(CONNECTION_TEXT.backMicRestarted);
    expect(store.errorMessage).toBeNull();
    timers.runNext();
    expect(flow.backMessage.value).toBeNull();
  });

  it('turns the mic back on when the stream went first and the mic stopped with its error in the same tick', async () => {
    const { store, nextRetryAt, micActive, restartMic, flow } = setup();
    store.setStatus('reconnecting');
    nextRetryAt.value = 5_000;
    await nextTick();
    // The audio socket's close stops the mic and sets its error synchronously, as useAudioCapture and the
    // session controller's sync error watch do.
    micActive.value = false;
    store.fail(MIC_ADVICE);
    expect(store.errorMessage).toBeNull();
    nextRetryAt.value = null;
    store.setStatus('live');
    await flushPromises();
    expect(restartMic).toHaveBeenCalledTimes(1);
    expect(flow.backMessage.value).toBe(CONNECTION_TEXT.backMicRestarted);
  });

  it('never turns the mic on after an outage when it was the sample that was playing', async () => {
    const { store, nextRetryAt, micActive, restartMic, flow } = setup();
    micActive.value = false;
    await nextTick();
    clock += 60_000;
    store.fail('The audio connection to Linnet dropped.');
    store.setStatus('reconnecting');
    nextRetryAt.value = clock + 1000;
    await nextTick();
    expect(store.errorMessage).toBeNull();
    store.setStatus('live');
    await flushPromises();
    expect(restartMic).not.toHaveBeenCalled();
    expect(flow.backMessage.value).toBe(CONNECTION_TEXT.back);
  });

  it('says only "back" when the mic was not on, and nothing about the connection once the session is gone', async () => {
    const { store, nextRetryAt, micActive, restartMic, flow } = setup();
    micActive.value = false;
    store.setStatus('reconnecting');
    nextRetryAt.value = 2_000;
    await nextTick();
    store.setStatus('live');
    await flushPromises();
    expect(restartMic).not.toHaveBeenCalled();
    expect(flow.backMessage.value).toBe(CONNECTION_TEXT.back);

    store.setStatus('reconnecting');
    await nextTick();
    store.expire();
    await nextTick();
    expect(flow.unreachable.value).toBe(false);
    expect(flow.backMessage.value).toBeNull();
  });
});
