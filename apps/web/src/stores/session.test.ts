import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { watch } from 'vue';
import { queueEvent, SESSION_ID, speakerEvent, toneEvent } from '@linnet/shared/testing';
import { ANSWER_ANNOUNCEMENT, HISTORY_LIMIT, useSessionStore } from './session';

function liveStore() {
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  return store;
}

describe('useSessionStore', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('shows a tone event as the latest label, in the history and to screen readers', () => {
    const store = liveStore();
    store.applyEvent(toneEvent());
    expect(store.latestTone).toEqual(toneEvent());
    expect(store.history).toEqual([toneEvent()]);
    expect(store.politeAnnouncement).toBe('Tense, likely');
  });

  it('announces a new tone label but not the same label repeated with another confidence', () => {
    const store = liveStore();
    store.applyEvent(toneEvent({ confidence: 0.5, timestamp: 1 }));
    store.applyEvent(toneEvent({ confidence: 0.9, timestamp: 2 }));
    expect(store.politeAnnouncement).toBe('Tense, possibly');
    store.applyEvent(toneEvent({ label: 'Calm', confidence: 0.9, timestamp: 3 }));
    expect(store.politeAnnouncement).toBe('Calm, very likely');
  });

  it('hides tone events under the display threshold and events of another session', () => {
    const store = liveStore();
    store.applyEvent(toneEvent({ confidence: 0.2 }));
    store.applyEvent(toneEvent({ session_id: 'someone-else' }));
    expect(store.latestTone).toBeNull();
  });

  it('keeps only the most recent labels in the history', () => {
    const store = liveStore();
    for (let i = 0; i < HISTORY_LIMIT + 3; i++) store.applyEvent(toneEvent({ timestamp: i }));
    expect(store.history.map((e) => e.timestamp)).toEqual(Array.from({ length: HISTORY_LIMIT }, (_, i) => i + 3));
  });

  it('counts a move from hold music to speech as an answer and announces it assertively', () => {
    const store = liveStore();
    store.applyEvent(queueEvent({ label: 'hold_music' }));
    store.applyEvent(queueEvent({ label: 'speech' }));
    expect(store.answerCount).toBe(1);
    expect(store.assertiveAnnouncement).toBe(ANSWER_ANNOUNCEMENT);
  });

  it('announces a second answer after the call went back on hold', () => {
    const store = liveStore();
    const announced: string[] = [];
    watch(() => store.assertiveAnnouncement, (text) => text && announced.push(text), { flush: 'sync' });
    for (const label of ['hold_music', 'speech', 'hold_music', 'speech']) store.applyEvent(queueEvent({ label }));
    expect(store.answerCount).toBe(2);
    expect(announced).toEqual([ANSWER_ANNOUNCEMENT, ANSWER_ANNOUNCEMENT]);
  });

  it('treats a speaker starting after ringback as an answer, but not speech after silence', () => {
    const store = liveStore();
    store.applyEvent(queueEvent({ label: 'ringback' }));
    store.applyEvent(speakerEvent({ label: 'human_single' }));
    expect(store.speaking).toBe('speaking');
    expect(store.callState?.label).toBe('speech');
    expect(store.answerCount).toBe(1);
    store.applyEvent(queueEvent({ label: 'silence' }));
    store.applyEvent(queueEvent({ label: 'speech' }));
    expect(store.answerCount).toBe(1);
  });

  it('persists the answer-alert setting in localStorage', async () => {
    const store = useSessionStore();
    store.alertOnAnswer = true;
    await Promise.resolve();
    expect(localStorage.getItem('linnet.alertOnAnswer')).toBe('true');
    setActivePinia(createPinia());
    expect(useSessionStore().alertOnAnswer).toBe(true);
  });

  it('expire() resets the session but keeps the settings and raises the notice', () => {
    const store = liveStore();
    store.elcor = true;
    store.applyEvent(toneEvent());
    store.expire();
    expect(store.sessionId).toBeNull();
    expect(store.status).toBe('idle');
    expect(store.latestTone).toBeNull();
    expect(store.expired).toBe(true);
    expect(store.elcor).toBe(true);
  });
});
