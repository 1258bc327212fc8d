import { queueEvent, SESSION_ID, serviceEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { effectScope, watch } from 'vue';
import { useSessionStore } from '../../stores/session';
import { createSettings, type AnnounceMode } from '../useSettings';
import { useAnnouncer } from './index';

const LABELS = ['Calm', 'Tense', 'Rushed', 'Calm', 'Warm'];

function setup(mode: AnnounceMode) {
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  const settings = createSettings({ storage: null });
  settings.announcements.value = mode;
  let clock = 0;
  const scope = effectScope();
  const announcer = scope.run(() => useAnnouncer({ store, settings, now: () => clock }))!;
  const polite: string[] = [];
  const assertive: string[] = [];
  scope.run(() => {
    watch(announcer.polite, (text) => text && polite.push(text), { flush: 'sync' });
    watch(announcer.assertive, (text) => text && assertive.push(text), { flush: 'sync' });
  });
  /** 40 s of speech: one tone window a second, the label changing every two windows, like a lively conversation. */
  const speak = (seconds = 40) => {
    for (let s = 0; s < seconds; s++) {
      clock = s * 1000;
      store.applyEvent(toneEvent({ label: LABELS[Math.floor(s / 2) % LABELS.length]!, timestamp: s, confidence: 0.7 }), clock);
    }
  };
  return { store, polite, assertive, speak, setClock: (ms: number) => (clock = ms) };
}

describe('useAnnouncer', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('says a rating given in the caption log (the log itself is not told), unless announcements are off', () => {
    const { store, polite } = setup('calls');
    store.noteCorrection('Noted: Calm was right.');
    store.noteCorrection('Noted: Hesitant, not Calm.');
    expect(polite).toEqual(['Noted: Calm was right.', 'Noted: Hesitant, not Calm.']);
    setActivePinia(createPinia());
    const off = setup('off');
    off.store.noteCorrection('Noted: Calm was right.');
    expect(off.polite).toEqual([]);
  });

  it('says at most one tone label every 8 s with "everything": 40 s of speech gives 5, not 19', () => {
    const { polite, speak } = setup('everything');
    speak();
    expect(polite).toHaveLength(5);
    expect(polite[0]).toBe('Calm, likely');
  });

  it('says only held label changes, at most one every 20 s, with "changes only"', () => {
    const { polite, speak } = setup('changes');
    speak();
    expect(polite).toEqual(['Calm, likely', 'Tense, likely']);
  });

  it('says no tone labels with "calls only", but does say call states and the answer', () => {
    const { store, polite, assertive, speak } = setup('calls');
    speak(10);
    store.applyEvent(queueEvent({ label: 'hold_music', timestamp: 11 }));
    store.applyEvent(queueEvent({ label: 'speech', timestamp: 30 }));
    expect(polite).toEqual(['Call: On hold']);
    expect(assertive).toEqual(['Someone may have answered']);
  });

  it('says nothing at all when off', () => {
    const { store, polite, assertive, speak } = setup('off');
    speak();
    store.applyEvent(queueEvent({ label: 'ringback', timestamp: 41 }));
    store.applyEvent(queueEvent({ label: 'speech', timestamp: 55 }));
    store.applyEvent(queueEvent({ label: 'dtmf_tone', digits: '1', timestamp: 56 }));
    expect([polite, assertive]).toEqual([[], []]);
  });

  it('reads the running keypad string', () => {
    const { store, polite } = setup('calls');
    store.applyEvent(queueEvent({ label: 'dtmf_tone', digits: '1', timestamp: 1 }));
    store.applyEvent(queueEvent({ label: 'dtmf_tone', digits: '23', timestamp: 2 }));
    expect(polite).toEqual(['Call: Keypad 1', 'Call: Keypad 1 2 3']);
  });

  it('withdraws the answer sentence when the answer stands down, so the next real answer is heard again', () => {
    const { store, assertive } = setup('changes');
    for (const [label, timestamp] of [['hold_music', 0], ['speech', 20], ['hold_music', 25], ['speech', 60]] as const) {
      store.applyEvent(queueEvent({ label, timestamp }));
    }
    expect(assertive).toEqual(['Someone may have answered', 'Someone may have answered']);
  });

  it('says whose label it is once a second voice has had one, and takes the same label from the other voice as news', () => {
    const { store, polite, setClock } = setup('everything');
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 1, speaker_id: 'speaker_a' }), 0);
    expect(polite).toEqual(['Calm, likely']);
    setClock(9_000);
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 9, speaker_id: 'speaker_b' }), 9_000);
    expect(polite).toEqual(['Calm, likely', 'Speaker B: Calm, likely']);
    setClock(18_000);
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 18, speaker_id: 'speaker_b' }), 18_000);
    store.applyEvent(toneEvent({ label: 'Tense', timestamp: 18, speaker_id: 'speaker_a' }), 18_000);
    expect(polite.at(-1)).toBe('Speaker A: Tense, likely');
  });

  it('leaves tone to the caption log while captions flow, and resumes when captions stop', () => {
    const { store, polite, setClock } = setup('everything');
    store.applyEvent(transcriptEvent());
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 2 }));
    expect(polite).toEqual([]);
    store.applyEvent(serviceEvent({ status: 'error', code: 'captions_failed', detail: 'Captions stopped' }));
    setClock(10_000);
    store.applyEvent(toneEvent({ label: 'Rushed', timestamp: 3 }), 10_000);
    expect(polite).toEqual(['Rushed, likely']);
  });

  it('does not say a label heard a while ago (replayed after a reconnect) as if it were being said now', () => {
    const { store, polite, setClock } = setup('everything');
    const T0 = 1_000_000;
    store.streamOpened(T0);
    setClock(T0 + 10_000);
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 10 }), T0 + 10_000);
    expect(polite).toEqual(['Calm, likely']);
    // Back after 40 s away: the stream replays a label from session second 12, heard 38 s before it arrives.
    store.streamOpened(T0 + 50_000);
    setClock(T0 + 50_100);
    store.applyEvent(toneEvent({ label: 'Tense', timestamp: 12 }), T0 + 50_100);
    expect(store.latestTone?.label).toBe('Tense');
    expect(polite).toEqual(['Calm, likely']);
    // A label heard now is said again.
    setClock(T0 + 60_000);
    store.applyEvent(toneEvent({ label: 'Rushed', timestamp: 13 }), T0 + 60_000);
    expect(polite).toEqual(['Calm, likely', 'Rushed, likely']);
  });

  it('says when the connection is lost and when it is back, once each, in every mode but off', () => {
    const { store, polite } = setup('calls');
    store.setStatus('live');
    store.setStatus('reconnecting');
    store.setStatus('reconnecting');
    store.setStatus('live');
    expect(polite).toEqual(['Can’t reach Linnet — trying again.', 'Back in touch with Linnet.']);
  });
});
