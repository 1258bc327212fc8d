import { SESSION_ID, speakerEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { createSessionApi } from '../../lib/session-api';
import { useSessionStore } from '../../stores/session';
import { FakeDocument, FakeEventSource, flushPromises, json, ManualTimers, scriptedFetch } from '../../test/fakes';
import { useToneStream } from './index';

const tone = (id: number, label = 'Calm') => toneEvent({ label, timestamp: id });
const alive = json(200, { session_id: SESSION_ID, state: 'running', elcor: false });
const gone = json(404, { detail: `Session ${SESSION_ID} not found`, code: 'session_not_found' });

function setup(...answers: Parameters<typeof scriptedFetch>) {
  const { fetch, calls } = scriptedFetch(...answers);
  const document = new FakeDocument();
  const timers = new ManualTimers();
  const wakeLock = { acquire: vi.fn() };
  const store = useSessionStore();
  const scope = effectScope();
  const stream = scope.run(() =>
    useToneStream({
      store,
      api: createSessionApi({ fetch }),
      EventSource: FakeEventSource as unknown as typeof EventSource,
      document: document as unknown as Document,
      wakeLock,
      timers,
    }),
  )!;
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  stream.connect(SESSION_ID);
  FakeEventSource.latest().onopen?.();
  return { stream, store, document, timers, wakeLock, calls, scope };
}

describe('useToneStream', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    FakeEventSource.instances = [];
  });

  it('opens the session stream and applies validated events', () => {
    const { store, stream } = setup();
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=0`);
    FakeEventSource.latest().emit('tone-event', tone(1, 'Tense'), 1);
    expect(store.status).toBe('live');
    expect(store.latestTone?.label).toBe('Tense');
    expect(stream.lastEventId.value).toBe(1);
  });

  it('counts an event that breaks the contract instead of applying it', () => {
    const { store } = setup();
    FakeEventSource.latest().emit('tone-event', toneEvent({ confidence: 1.7 }), 1);
    FakeEventSource.latest().emit('tone-event', '{not json', 2);
    expect(store.rejectedEvents).toBe(2);
    expect(store.latestTone).toBeNull();
  });

  it('closes the stream when the page is hidden without ending the session', () => {
    const { store, document, calls } = setup();
    document.setVisibility('hidden');
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(calls).toEqual([]);
    expect(store.sessionId).toBe(SESSION_ID);
  });

  it('reconnects with the last event id and re-acquires the wake lock when visible and alive', async () => {
    const { store, document, calls, wakeLock } = setup(alive);
    FakeEventSource.latest().emit('tone-event', tone(7), 7);
    document.setVisibility('hidden');
    document.setVisibility('visible');
    expect(store.status).toBe('reconnecting');
    await flushPromises();
    expect(calls).toEqual([{ url: `/session/${SESSION_ID}`, method: 'GET' }]);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=7`);
    expect(wakeLock.acquire).toHaveBeenCalledTimes(1);
    FakeEventSource.latest().onopen?.();
    expect(store.status).toBe('live');
    expect(store.expired).toBe(false);
  });

  it('expires and resets the store when the session is gone (404) on return', async () => {
    const { store, document } = setup(gone);
    FakeEventSource.latest().emit('tone-event', tone(3), 3);
    document.setVisibility('hidden');
    document.setVisibility('visible');
    await flushPromises();
    expect(store.expired).toBe(true);
    expect(store.sessionId).toBeNull();
    expect(store.status).toBe('idle');
    expect(store.history).toEqual([]);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('keeps the session and retries with backoff when the check hits a network error', async () => {
    const { store, document, timers } = setup(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), alive);
    document.setVisibility('hidden');
    document.setVisibility('visible');
    await flushPromises();
    expect(store.expired).toBe(false);
    expect(store.sessionId).toBe(SESSION_ID);
    expect(store.status).toBe('reconnecting');
    expect(timers.runNext()).toBe(1000);
    await flushPromises();
    expect(timers.runNext()).toBe(2000);
    await flushPromises();
    // Nothing arrived before the page was hidden, so it asks for everything the session retained.
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=0`);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('reconnects with backoff after a stream error while visible', async () => {
    const { timers, store } = setup(alive);
    FakeEventSource.latest().emit('speaker-event', speakerEvent({ timestamp: 1 }), 4);
    FakeEventSource.latest().onerror?.();
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(store.status).toBe('reconnecting');
    expect(timers.runNext()).toBe(1000);
    await flushPromises();
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=4`);
  });

  it('resets the UI on session-ended and shows the timed-out notice when reaped', () => {
    const { store } = setup();
    FakeEventSource.latest().emit('tone-event', tone(1), 1);
    FakeEventSource.latest().emit('session-ended', { session_id: SESSION_ID, reason: 'reaped' });
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(store.sessionId).toBeNull();
    expect(store.latestTone).toBeNull();
    expect(store.expired).toBe(true);
  });

  it('explains a session ended from another tab or device', () => {
    const { store } = setup();
    FakeEventSource.latest().emit('session-ended', { session_id: SESSION_ID, reason: 'ended' });
    expect(store.sessionId).toBeNull();
    expect(store.expired).toBe(false);
    expect(store.errorMessage).toBe('This session was ended from another tab or device. Start a new one to continue.');
  });

  it('resets without the timed-out notice and explains a server restart', () => {
    const { store } = setup();
    FakeEventSource.latest().emit('session-ended', { session_id: SESSION_ID, reason: 'shutdown' });
    expect(store.sessionId).toBeNull();
    expect(store.expired).toBe(false);
    expect(store.errorMessage).toBe('Linnet’s server restarted. Start a new session to continue.');
  });

  it('refills the history, the captions and the service line from the server after a replay gap', async () => {
    const history = json(200, { session_id: SESSION_ID, count: 2, events: [tone(1, 'Calm'), tone(2, 'Rushed')] });
    const caption = (start: number, text: string) => transcriptEvent({ text, plain_text: text, timestamp: start, start, end: start + 1 });
    const failed = { recogniser: 'pocketsphinx', status: 'failed', code: 'captions_failed', detail: 'Captions stopped' };
    const captions = json(200, { session_id: SESSION_ID, count: 3, captions: [caption(1, 'hi'), caption(3, 'lost in the gap'), caption(8, 'after')], state: failed });
    const { store, calls } = setup(history, captions);
    FakeEventSource.latest().emit('transcript-event', caption(1, 'hi'), 1);
    FakeEventSource.latest().emit('replay-gap', { last_event_id: 1, first_available_id: 40 });
    FakeEventSource.latest().emit('transcript-event', caption(8, 'after'), 40);
    await flushPromises();
    expect(calls.map((c) => c.url)).toEqual([`/session/${SESSION_ID}/history?limit=20`, `/session/${SESSION_ID}/captions`]);
    expect(store.missedUpdates).toBe(true);
    expect(store.history.map((e) => e.label)).toEqual(['Calm', 'Rushed']);
    expect(store.captions.map((c) => c.text)).toEqual(['hi', 'lost in the gap', 'after']);
    expect(store.serviceNotice).toEqual({ status: 'error', code: 'captions_failed', text: 'Captions stopped' });
  });

  it('shows the captions line the session reports when it reconnects', async () => {
    const busy = { recogniser: 'pocketsphinx', status: 'off', code: 'captions_busy', detail: 'Captions unavailable: the server is busy' };
    const { store, document } = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false, captions: busy }));
    expect(store.serviceNotice).toBeNull();
    document.setVisibility('hidden');
    document.setVisibility('visible');
    await flushPromises();
    expect(store.serviceNotice).toEqual({ status: 'unavailable', code: 'captions_busy', text: 'Captions unavailable: the server is busy' });
  });
});
