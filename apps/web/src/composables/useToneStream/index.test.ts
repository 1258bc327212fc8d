import { SESSION_ID, speakerEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { createSessionApi } from '../../lib/session-api';
import { FakeDocument, FakeEventSource, flushPromises, json, ManualTimers, scriptedFetch } from '../../test/fakes';
import { useToneStream, type StreamMessage } from './index';

const tone = (id: number, label = 'Calm') => toneEvent({ label, timestamp: id });
const alive = json(200, { session_id: SESSION_ID, state: 'running', elcor: false });
const gone = json(404, { detail: `Session ${SESSION_ID} not found`, code: 'session_not_found' });

function setup(...answers: Parameters<typeof scriptedFetch>) {
  const { fetch, calls } = scriptedFetch(...answers);
  const document = new FakeDocument();
  const timers = new ManualTimers();
  const wakeLock = { acquire: vi.fn() };
  const messages: StreamMessage[] = [];
  const scope = effectScope();
  const stream = scope.run(() =>
    useToneStream({
      onMessage: (message) => messages.push(message),
      api: createSessionApi({ fetch }),
      EventSource: FakeEventSource as unknown as typeof EventSource,
      document: document as unknown as Document,
      wakeLock,
      timers,
      now: () => 50_000,
    }),
  )!;
  stream.connect(SESSION_ID);
  FakeEventSource.latest().onopen?.();
  return { stream, messages, document, timers, wakeLock, calls, scope };
}

describe('useToneStream', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
  });

  it('opens the session stream and hands over validated events with their stream ids, in order', () => {
    const { messages, stream } = setup();
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=0`);
    FakeEventSource.latest().emit('tone-event', tone(1, 'Tense'), 1);
    FakeEventSource.latest().emit('speaker-event', speakerEvent({ timestamp: 2 }), 2);
    expect(stream.status.value).toBe('live');
    expect(messages).toEqual([
      { kind: 'event', event: tone(1, 'Tense'), id: 1 },
      { kind: 'event', event: speakerEvent({ timestamp: 2 }), id: 2 },
    ]);
    expect(stream.lastEventId.value).toBe(2);
  });

  it('reports an event that breaks the contract instead of handing it over', () => {
    const { messages } = setup();
    FakeEventSource.latest().emit('tone-event', toneEvent({ confidence: 1.7 }), 1);
    FakeEventSource.latest().emit('tone-event', '{not json', 2);
    expect(messages).toEqual([{ kind: 'rejected' }, { kind: 'rejected' }]);
  });

  it('closes the stream when the page is hidden without ending the session', () => {
    const { messages, document, calls } = setup();
    document.setVisibility('hidden');
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(calls).toEqual([]);
    expect(messages).toEqual([]);
  });

  it('reconnects with the last event id and re-acquires the wake lock when visible and alive', async () => {
    const { stream, document, calls, wakeLock, messages } = setup(alive);
    FakeEventSource.latest().emit('tone-event', tone(7), 7);
    document.setVisibility('hidden');
    document.setVisibility('visible');
    expect(stream.status.value).toBe('reconnecting');
    await flushPromises();
    expect(calls).toEqual([{ url: `/session/${SESSION_ID}`, method: 'GET' }]);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=7`);
    expect(wakeLock.acquire).toHaveBeenCalledTimes(1);
    FakeEventSource.latest().onopen?.();
    expect(stream.status.value).toBe('live');
    expect(messages.some((m) => m.kind === 'gone')).toBe(false);
  });

  it('reports the session missing when the liveness check finds it gone (404) on return', async () => {
    const { stream, document, messages } = setup(gone);
    FakeEventSource.latest().emit('tone-event', tone(3), 3);
    document.setVisibility('hidden');
    document.setVisibility('visible');
    await flushPromises();
    expect(messages.at(-1)).toEqual({ kind: 'gone', reason: 'missing' });
    expect(stream.status.value).toBe('idle');
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('keeps the session and retries with backoff when the check hits a network error', async () => {
    const { stream, document, timers, messages } = setup(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), alive);
    document.setVisibility('hidden');
    document.setVisibility('visible');
    await flushPromises();
    expect(messages).toEqual([]);
    expect(stream.status.value).toBe('reconnecting');
    expect(timers.runNext()).toBe(1000);
    await flushPromises();
    expect(timers.runNext()).toBe(2000);
    await flushPromises();
    // Nothing arrived before the page was hidden, so it asks for everything the session retained.
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=0`);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('says when the next attempt to reach the server is due, and clears it once the stream is back', async () => {
    const { stream, timers } = setup(new TypeError('Failed to fetch'), alive);
    expect(stream.nextRetryAt.value).toBeNull();
    FakeEventSource.latest().onerror?.();
    expect(stream.nextRetryAt.value).toBe(51_000);
    expect(timers.runNext()).toBe(1000);
    await flushPromises();
    expect(stream.nextRetryAt.value).toBe(52_000);
    expect(timers.runNext()).toBe(2000);
    await flushPromises();
    FakeEventSource.latest().onopen?.();
    expect(stream.nextRetryAt.value).toBeNull();
  });

  it('reconnects with backoff after a stream error while visible', async () => {
    const { timers, stream } = setup(alive);
    FakeEventSource.latest().emit('speaker-event', speakerEvent({ timestamp: 1 }), 4);
    FakeEventSource.latest().onerror?.();
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(stream.status.value).toBe('reconnecting');
    expect(timers.runNext()).toBe(1000);
    await flushPromises();
    expect(FakeEventSource.latest().url).toBe(`/session/${SESSION_ID}/stream?lastEventId=4`);
  });

  it.each(['reaped', 'ended', 'shutdown', 'lifetime'] as const)('stops following and reports the session gone when it ends (%s)', (reason) => {
    const { messages, stream } = setup();
    FakeEventSource.latest().emit('session-ended', { session_id: SESSION_ID, reason });
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(stream.status.value).toBe('idle');
    expect(messages).toEqual([{ kind: 'gone', reason }]);
  });

  it('passes on whether an ended kept session was kept', () => {
    const { messages } = setup();
    FakeEventSource.latest().emit('session-ended', { session_id: SESSION_ID, reason: 'reaped', keep: 'failed' });
    expect(messages).toEqual([{ kind: 'gone', reason: 'reaped', keep: 'failed' }]);
  });

  it('reports a replay gap, then the server history and retained captions to refill the screen', async () => {
    const history = json(200, { session_id: SESSION_ID, count: 2, events: [tone(1, 'Calm'), tone(2, 'Rushed')] });
    const caption = (start: number, text: string) => transcriptEvent({ text, plain_text: text, timestamp: start, start, end: start + 1 });
    const failed = { recogniser: 'pocketsphinx', status: 'failed', code: 'captions_failed', detail: 'Captions stopped' } as const;
    const captions = json(200, { session_id: SESSION_ID, count: 2, captions: [caption(1, 'hi'), caption(3, 'lost in the gap')], state: failed });
    const { messages, calls } = setup(history, captions);
    FakeEventSource.latest().emit('replay-gap', { last_event_id: 3, first_available_id: 40 });
    await flushPromises();
    expect(calls.map((c) => c.url)).toEqual([`/session/${SESSION_ID}/history?limit=20`, `/session/${SESSION_ID}/captions`]);
    expect(messages).toEqual([
      { kind: 'replay-gap' },
      { kind: 'history', events: [tone(1, 'Calm'), tone(2, 'Rushed')] },
      { kind: 'captions', captions: [caption(1, 'hi'), caption(3, 'lost in the gap')], state: failed },
    ]);
  });

  it('reports the captions state the session gives when it reconnects', async () => {
    const busy = { recogniser: 'pocketsphinx', status: 'off', code: 'captions_busy', detail: 'Captions unavailable: the server is busy' } as const;
    const { messages, document } = setup(json(200, { session_id: SESSION_ID, state: 'running', elcor: false, captions: busy }));
    document.setVisibility('hidden');
    document.setVisibility('visible');
    await flushPromises();
    expect(messages).toEqual([{ kind: 'captions-state', state: busy }]);
  });

  it('still refills the strip after a replay gap when the captions cannot be fetched', async () => {
    const history = json(200, { session_id: SESSION_ID, count: 2, events: [tone(1, 'Calm'), tone(2, 'Rushed')] });
    const { messages, calls } = setup(history);
    FakeEventSource.latest().emit('replay-gap', { last_event_id: 3, first_available_id: 40 });
    await flushPromises();
    expect(calls[0]?.url).toBe(`/session/${SESSION_ID}/history?limit=20`);
    expect(messages).toEqual([{ kind: 'replay-gap' }, { kind: 'history', events: [tone(1, 'Calm'), tone(2, 'Rushed')] }]);
  });
});
