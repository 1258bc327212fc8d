import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { createSessionApi } from '../../lib/session-api';
import { useSessionStore } from '../../stores/session';
import { KEEPING_TEXT } from '../../lib/text-live';
import { FakeDocument, FakeEventSource, FakeWebSocket, flushPromises, json, ManualTimers, openLatestSocket, scriptedFetch } from '../../test/fakes';
import { encodeWav } from '@linnet/engine';
import { queueEvent, SESSION_ID, toneEvent } from '@linnet/shared/testing';
import { createSettings } from '../useSettings';
import { useAudioCapture } from '../useAudioCapture';
import { useSampleStream } from '../useSampleStream';
import { resetServerHealth, useServerHealth } from '../useServerHealth';
import { useToneStream } from '../useToneStream';
import { useWakeLock } from '../useWakeLock';
import { useLinnetSession } from './index';

function setup(...answers: Parameters<typeof scriptedFetch>) {
  const { fetch, calls } = scriptedFetch(...answers);
  const settings = createSettings({ storage: null });
  let clock = 1_000;
  const store = useSessionStore();
  const document = new FakeDocument() as unknown as Document;
  const released: string[] = [];
  const scope = effectScope();
  const session = scope.run(() => {
    const api = createSessionApi({ fetch });
    const wakeLock = useWakeLock({
      document,
      navigator: {
        wakeLock: {
          request: async () => {
            const sentinel = new EventTarget() as WakeLockSentinel;
            Object.assign(sentinel, { release: async () => void released.push('screen') });
            return sentinel;
          },
        },
      },
    });
    return useLinnetSession({
      store,
      api,
      wakeLock,
      settings,
      now: () => clock,
      toneStream: (onMessage) =>
        useToneStream({ onMessage, api, wakeLock, document, EventSource: FakeEventSource as unknown as typeof EventSource, timers: new ManualTimers() }),
      // Mic and sample are exercised in their own tests; here they only need to be stoppable.
      capture: useAudioCapture({ navigator: {} }),
      sample: useSampleStream({
        fetch,
        WebSocket: FakeWebSocket as unknown as typeof WebSocket,
        location: { protocol: 'http:', host: 'localhost' },
        timers: { setInterval: () => 1, clearInterval: () => undefined },
      }),
    });
  })!;
  return { session, store, calls, released, settings, setClock: (ms: number) => (clock = ms) };
}

describe('useLinnetSession', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    FakeEventSource.instances = [];
    FakeWebSocket.instances = [];
    resetServerHealth();
  });

  it('starts a session with the remembered tone prefix and window length, follows its stream and holds the screen', async () => {
    let body: unknown;
    const { session, store, calls, settings } = setup((_url, init) => {
      body = JSON.parse(String(init?.body));
      return json(200, { session_id: SESSION_ID, state: 'running', elcor: true })();
    });
    settings.elcor.value = true;
    settings.windowMs.value = 2000;
    await session.start();
    expect(calls).toEqual([{ url: '/session/start', method: 'POST' }]);
    expect(body).toMatchObject({ elcor: true, window_ms: 2000 });
    expect(store.elcor).toBe(true);
    expect(store.sessionId).toBe(SESSION_ID);
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=0`);
    expect(session.wakeLock.active.value).toBe(true);
    FakeEventSource.latest().onopen?.();
    expect(store.status).toBe('live');
  });

  it('ends the session on the server, closes the stream, lets the screen sleep and resets', async () => {
    const { session, store, calls, released } = setup(
      json(200, { session_id: SESSION_ID, state: 'running', elcor: false }),
      json(200, { session_id: SESSION_ID, state: 'stopped' }),
    );
    await session.start();
    await session.end();
    await flushPromises();
    expect(calls.at(-1)).toEqual({ url: `/session/${SESSION_ID}/end`, method: 'DELETE' });
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(released).toEqual(['screen']);
    expect(store.sessionId).toBeNull();
    expect(store.status).toBe('idle');
  });

  it('asks the server to keep the conversation when "Keep a transcript" is on, and shows that it is kept', async () => {
    let body: unknown;
    const { session, store, settings } = setup((_url, init) => {
      body = JSON.parse(String(init?.body));
      return json(200, { session_id: SESSION_ID, state: 'running', elcor: false, keep: true })();
    });
    settings.keep.value = true;
    await session.start();
    expect(body).toEqual({ elcor: false, window_ms: 1000, keep: true });
    expect(store.keeping).toBe(true);
  });

  it('sends no keep field when /health said the server cannot keep, though the stored switch is on', async () => {
    let body: unknown;
    const { session, store, settings } = setup((_url, init) => {
      body = JSON.parse(String(init?.body));
      return json(200, { session_id: SESSION_ID, state: 'running', elcor: false })();
    });
    await useServerHealth({ fetch: scriptedFetch(json(200, { status: 'ok', service: 'linnet', storage: 'unavailable' })).fetch }).check();
    settings.keep.value = true;
    await session.start();
    expect(body).toEqual({ elcor: false, window_ms: 1000 });
    expect([store.status, store.errorMessage, settings.keep.value]).toEqual(['starting', null, true]);
  });

  it('sends no keep field when keeping is off', async () => {
    let body: unknown;
    const { session, store } = setup((_url, init) => {
      body = JSON.parse(String(init?.body));
      return json(200, { session_id: SESSION_ID, state: 'running', elcor: false })();
    });
    await session.start();
    expect(body).toEqual({ elcor: false, window_ms: 1000 });
    expect(store.keeping).toBe(false);
  });

  it('forgets the last session once the server has ended it, and keeps it when the end did not reach the server', async () => {
    // The start screen offers the last session's export only while the server may still hold it, and asks to find out.
    const ended = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false }), json(200, { session_id: SESSION_ID, state: 'stopped' }));
    await ended.session.start();
    await ended.session.end();
    expect(ended.store.lastSessionId).toBeNull();

    setActivePinia(createPinia());
    const unreached = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false }), new TypeError('Failed to fetch'));
    await unreached.session.start();
    await unreached.session.end();
    expect([unreached.store.sessionId, unreached.store.lastSessionId]).toEqual([null, SESSION_ID]);
  });

  it('tells the user when the server could not keep the conversation it ended', async () => {
    const { session, store } = setup(
      json(200, { session_id: SESSION_ID, state: 'running', elcor: false, keep: true }),
      json(200, { session_id: SESSION_ID, state: 'stopped', keep: 'failed' }),
    );
    await session.start();
    await session.end();
    expect(store.status).toBe('idle');
    expect(store.keeping).toBe(false);
    expect(store.errorMessage).toBe(KEEPING_TEXT.failed);
  });

  it('says nothing after an end that kept the conversation', async () => {
    const { session, store } = setup(
      json(200, { session_id: SESSION_ID, state: 'running', elcor: false, keep: true }),
      json(200, { session_id: SESSION_ID, state: 'stopped', keep: 'kept' }),
    );
    await session.start();
    await session.end();
    expect(store.errorMessage).toBeNull();
  });

  it('resumes a kept conversation as a new live session that follows its own stream', async () => {
    const NEW_ID = 'Nw3_-aQ9vX0pLmN2bC4dEw';
    let body: unknown;
    const { session, store, calls } = setup((_url, init) => {
      body = JSON.parse(String(init?.body));
      return json(200, { session_id: NEW_ID, state: 'running', elcor: false, keep: true, resumed_from: SESSION_ID })();
    });
    await session.resume(SESSION_ID);
    expect(calls).toEqual([{ url: '/session/resume', method: 'POST' }]);
    expect(body).toEqual({ from: SESSION_ID });
    expect(store.sessionId).toBe(NEW_ID);
    expect(store.keeping).toBe(true);
    expect(FakeEventSource.latest().url).toBe(`/session/${NEW_ID}/stream?lastEventId=0`);
  });

  it('says in plain words when the conversation to resume is no longer kept', async () => {
    const { session, store } = setup(json(404, { detail: `Session ${SESSION_ID} not found`, code: 'session_not_found' }));
    await session.resume(SESSION_ID);
    expect(store.status).toBe('idle');
    expect(store.errorMessage).toBe(`Linnet could not do that: Session ${SESSION_ID} not found.`);
  });

  it('explains an unreachable API in plain words and stays on the start screen', async () => {
    const { session, store } = setup(new TypeError('Failed to fetch'));
    await session.start();
    expect(store.status).toBe('idle');
    expect(store.errorMessage).toBe("Can't reach Linnet's server. Check your connection and try again.");
  });

  it('says when Linnet is at capacity', async () => {
    const { session, store } = setup(json(503, { detail: 'Too many sessions', code: 'too_many_sessions' }));
    await session.start();
    expect(store.errorMessage).toBe('Linnet is busy right now. Please try again in a minute.');
  });

  it('says the server cannot keep transcripts, and what to do, when keeping is on but its storage is not installed', async () => {
    const { session, store, settings } = setup(
      json(503, { detail: 'This Linnet server cannot keep conversations: its SQLite driver (better-sqlite3) is not installed', code: 'keeping_unavailable' }),
    );
    settings.keep.value = true;
    await session.start();
    expect(store.errorMessage).toBe(
      'This Linnet server cannot keep transcripts (its storage is not installed), so “Keep a transcript” is now off. Start again to begin without it.',
    );
    expect(store.sessionId).toBeNull();
    // What the sentence says is true: the switch reads off now (its stored preference stays), and Start asks for no keep.
    expect([useServerHealth().canKeep.value, settings.keep.value]).toEqual([false, true]);
  });

  it('shows a mic that cannot be used as a plain-words error', async () => {
    const { session, store } = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false }));
    await session.start();
    await session.toggleMic();
    await flushPromises();
    expect(store.errorMessage).toBe('This browser cannot record audio here. You can still use "Try a sample".');
  });

  it('shows the sample failing even after an earlier mic failure', async () => {
    const { session, store } = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false }), new TypeError('Failed to fetch'));
    await session.start();
    await session.toggleMic();
    await session.toggleSample();
    await flushPromises();
    expect(store.errorMessage).toBe('The sample recording could not be loaded. Check the connection and press "Try a sample" again.');
  });

  it('shows the same mic failure again when the mic is tried again', async () => {
    const { session, store } = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false }));
    await session.start();
    await session.toggleMic();
    await session.toggleMic();
    await flushPromises();
    expect(store.errorMessage).toBe('This browser cannot record audio here. You can still use "Try a sample".');
  });

  it('stamps each event with the client clock as it arrives', async () => {
    const { session, store, setClock } = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false }));
    await session.start();
    setClock(77_000);
    FakeEventSource.latest().emit('tone-event', toneEvent({ timestamp: 1 }), 1);
    expect(store.latestToneAt).toBe(77_000);
  });

  it('drops the live label and call state when the sample stops, keeping the Recent record', async () => {
    const wav = encodeWav({ sampleRate: 16000, samples: new Int16Array(16000) }).buffer as ArrayBuffer;
    const { session, store } = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false }), () => new Response(wav));
    await session.start();
    const started = session.toggleSample();
    await openLatestSocket();
    await started;
    expect(session.sample.active.value).toBe(true);
    FakeEventSource.latest().emit('tone-event', toneEvent({ timestamp: 1 }), 1);
    FakeEventSource.latest().emit('queue-event', queueEvent({ label: 'ringback', timestamp: 1 }), 2);
    await session.toggleSample();
    expect([store.latestTone, store.callState, store.history.length]).toEqual([null, null, 1]);
  });
});
