import { queueEvent, SESSION_ID, speakerEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { summaryMarkdown } from '../../lib/summary-export';
import { useSessionStore } from '../../stores/session';
import { useConversationRecord } from './index';

function setup() {
  const store = useSessionStore();
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const record = effectScope().run(() => useConversationRecord({ store, now: () => new Date((clock += 60_000)) }))!;
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  store.setStatus('live');
  return { store, record };
}

describe('useConversationRecord', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('freezes captions and the tone/call timeline into a summary when the user ends, before the store is wiped', () => {
    const { store, record } = setup();
    store.applyEvent(queueEvent({ label: 'ringback', timestamp: 1 }));
    store.applyEvent(speakerEvent({ timestamp: 7.5 }));
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 8 }));
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 9, confidence: 0.9 }));
    store.applyEvent(toneEvent({ label: 'Tense', timestamp: 12 }));
    store.applyEvent(transcriptEvent({ text: 'hello there', timestamp: 8 }));
    expect(record.hasContent()).toBe(true);
    record.markEndedByUser();
    store.reset();

    const summary = record.summary.value!;
    expect(store.captions).toEqual([]);
    expect(summary.sessionId).toBe(SESSION_ID);
    expect(summary.endedByUser).toBe(true);
    expect(summary.captions.map((c) => c.text)).toEqual(['hello there']);
    expect(summary.timeline).toEqual([
      { at: 1, kind: 'call', text: 'Ringing' },
      { at: 7.5, kind: 'call', text: 'Someone answered' },
      { at: 8, until: 9, kind: 'tone', text: 'Calm', speakerId: 'speaker_a' },
      { at: 12, until: 12, kind: 'tone', text: 'Tense', speakerId: 'speaker_a' },
    ]);
    expect(summaryMarkdown(summary)).toContain('- 00:08–00:09 Calm');
    expect(summaryMarkdown(summary)).toContain('- 00:12 Tense');
    expect(summaryMarkdown(summary)).toContain('- 00:01 Call: Ringing');
  });

  it('tells a session lost after an outage (a 404 while reconnecting) from one the server reaped while live', () => {
    const { store, record } = setup();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 2 }));
    store.setStatus('reconnecting');
    record.noteServerLost();
    store.expire();
    expect(record.summary.value).toMatchObject({ endedByUser: false, afterOutage: true, statusAtEnd: 'reconnecting' });

    store.begin({ session_id: 'another-session-id-000', state: 'running', elcor: false });
    expect(record.summary.value).toBeNull();
    store.setStatus('live');
    store.applyEvent(toneEvent({ session_id: 'another-session-id-000', label: 'Tense', timestamp: 3 }));
    store.expire();
    expect(record.summary.value).toMatchObject({ endedByUser: false, afterOutage: false, statusAtEnd: 'live' });
    expect(record.summary.value!.timeline).toEqual([{ at: 3, until: 3, kind: 'tone', text: 'Tense', speakerId: 'speaker_a' }]);
  });

  it('merges consecutive windows of one tone into one run, across a cleared card, and starts a new run after a call state', () => {
    const { store, record } = setup();
    for (const [label, timestamp] of [['Calm', 41], ['Calm', 42], ['Calm', 43]] as const) store.applyEvent(toneEvent({ label, timestamp }));
    // The card clears (the mic stopped), then the same voice goes on calmly: still the one run.
    store.audioStopped();
    store.audioStarted();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 50 }));
    store.applyEvent(toneEvent({ label: 'Tense', timestamp: 52 }));
    store.applyEvent(toneEvent({ label: 'Tense', timestamp: 55 }));
    store.applyEvent(queueEvent({ label: 'hold_music', timestamp: 60 }));
    store.applyEvent(toneEvent({ label: 'Tense', timestamp: 90 }));
    store.reset();
    expect(record.summary.value!.timeline).toEqual([
      { at: 41, until: 50, kind: 'tone', text: 'Calm', speakerId: 'speaker_a' },
      { at: 52, until: 55, kind: 'tone', text: 'Tense', speakerId: 'speaker_a' },
      { at: 60, kind: 'call', text: 'On hold' },
      { at: 90, until: 90, kind: 'tone', text: 'Tense', speakerId: 'speaker_a' },
    ]);
  });

  it("keeps two voices' runs apart, each with its speaker", () => {
    const { store, record } = setup();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 1, speaker_id: 'speaker_a' }));
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 2, speaker_id: 'speaker_b' }));
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 3, speaker_id: 'speaker_b' }));
    store.reset();
    expect(record.summary.value!.timeline).toEqual([
      { at: 1, until: 1, kind: 'tone', text: 'Calm', speakerId: 'speaker_a' },
      { at: 2, until: 3, kind: 'tone', text: 'Calm', speakerId: 'speaker_b' },
    ]);
    expect(summaryMarkdown(record.summary.value!)).toContain('- 00:02–00:03 Speaker B: Calm');
  });

  it('does not list a voice as a call event unless it follows waiting', () => {
    const { store, record } = setup();
    store.applyEvent(speakerEvent({ timestamp: 1 }));
    store.applyEvent(queueEvent({ label: 'silence', timestamp: 4 }));
    store.applyEvent(speakerEvent({ timestamp: 6 }));
    store.reset();
    expect(record.summary.value!.timeline).toEqual([{ at: 4, kind: 'call', text: 'Silence' }]);
  });

  it('leaves no summary when nothing was shown, so End need not ask', () => {
    const { store, record } = setup();
    expect(record.hasContent()).toBe(false);
    store.reset();
    expect(record.summary.value).toBeNull();
  });
});
