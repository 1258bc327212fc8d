import { SESSION_ID, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { KEEPING_TEXT, SESSION_END_TEXT } from '../../lib/text-live';
import { useSessionStore } from '../../stores/session';
import { applyStreamMessage } from './apply-stream-message';

function liveStore() {
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  store.setStatus('live');
  store.applyEvent(toneEvent());
  return store;
}

describe('applyStreamMessage', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('applies an event with the time it arrived', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'event', event: toneEvent({ label: 'Calm', timestamp: 2 }) }, 9_000);
    expect([store.latestTone?.label, store.latestToneAt]).toEqual(['Calm', 9_000]);
  });

  it('hands the stream id on with the event, so the label can be corrected', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'event', event: toneEvent({ label: 'Calm', timestamp: 2 }), id: 41 }, 9_000);
    expect(store.latestToneId).toBe(41);
  });

  it('says after the ending notice that a kept conversation could not be kept', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'gone', reason: 'shutdown', keep: 'failed' }, 0);
    expect(store.errorMessage).toBe(`${SESSION_END_TEXT.serverRestarted} ${KEEPING_TEXT.failed}`);
  });

  it('says a reaped kept conversation could not be kept beside the timed-out notice', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'gone', reason: 'reaped', keep: 'failed' }, 0);
    expect([store.expired, store.errorMessage]).toEqual([true, KEEPING_TEXT.failed]);
  });

  it('counts a rejected event and notes a replay gap, then takes the refilled history', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'rejected' }, 0);
    applyStreamMessage(store, { kind: 'replay-gap' }, 0);
    applyStreamMessage(store, { kind: 'history', events: [toneEvent({ label: 'Calm', timestamp: 1 }), toneEvent({ label: 'Rushed', timestamp: 2 })] }, 0);
    expect([store.rejectedEvents, store.missedUpdates, store.history.map((e) => e.label)]).toEqual([1, true, ['Calm', 'Rushed']]);
  });

  it.each(['reaped', 'missing'] as const)('shows the calm timed-out notice when the session was %s', (reason) => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'gone', reason }, 0);
    expect([store.sessionId, store.status, store.latestTone, store.expired, store.errorMessage]).toEqual([null, 'idle', null, true, null]);
  });

  it.each(['reaped', 'missing', 'ended', 'shutdown', 'lifetime'] as const)('forgets the last session when the server says it is gone (%s)', (reason) => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'gone', reason }, 0);
    expect(store.lastSessionId).toBeNull();
  });

  it('explains a session ended from another tab or device', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'gone', reason: 'ended' }, 0);
    expect([store.sessionId, store.expired, store.errorMessage]).toEqual([
      null, false, 'This session was ended from another tab or device. Start a new one to continue.',
    ]);
  });

  it('explains a server restart without the timed-out notice', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'gone', reason: 'shutdown' }, 0);
    expect([store.sessionId, store.expired, store.errorMessage]).toEqual([null, false, 'Linnet’s server shut down, which ended this conversation.']);
  });

  it('explains a session that reached the longest time the server keeps one', () => {
    const store = liveStore();
    applyStreamMessage(store, { kind: 'gone', reason: 'lifetime' }, 0);
    expect([store.sessionId, store.expired, store.errorMessage]).toEqual([
      null, false, 'This session reached the longest time Linnet keeps one. Start a new session to continue.',
    ]);
  });

  it('merges captions refetched after a replay gap without duplicates, and shows their state', () => {
    const store = liveStore();
    const caption = (start: number, text: string) => transcriptEvent({ text, plain_text: text, timestamp: start, start, end: start + 1 });
    applyStreamMessage(store, { kind: 'event', event: caption(1, 'hi') }, 0);
    applyStreamMessage(store, { kind: 'event', event: caption(8, 'after') }, 0);
    const failed = { recogniser: 'pocketsphinx', status: 'failed', code: 'captions_failed', detail: 'Captions stopped' } as const;
    applyStreamMessage(store, { kind: 'captions', captions: [caption(1, 'hi'), caption(3, 'lost in the gap'), caption(8, 'after')], state: failed }, 0);
    expect(store.captions.map((c) => c.text)).toEqual(['hi', 'lost in the gap', 'after']);
    expect(store.serviceNotice).toEqual({ status: 'error', code: 'captions_failed', text: 'Captions stopped' });
  });

  it('shows the captions line a reconnect reports', () => {
    const store = liveStore();
    const busy = { recogniser: 'pocketsphinx', status: 'off', code: 'captions_busy', detail: 'Captions unavailable: the server is busy' } as const;
    applyStreamMessage(store, { kind: 'captions-state', state: busy }, 0);
    expect(store.serviceNotice).toEqual({ status: 'unavailable', code: 'captions_busy', text: 'Captions unavailable: the server is busy' });
  });
});
