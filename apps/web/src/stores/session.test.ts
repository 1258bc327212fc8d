import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { watch } from 'vue';
import { queueEvent, serviceEvent, SESSION_ID, speakerEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { ANSWER_ANNOUNCEMENT, CAPTION_LIMIT, HISTORY_LIMIT, useSessionStore } from './session';

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

  describe('captions', () => {
    const tense = { label: 'Tense', confidence: 0.7, subtext: 'Tight and fast.' };

    it('applies transcript events in order as captions with their words, speaker, start and tone', () => {
      const store = liveStore();
      store.applyEvent(transcriptEvent({ text: 'hello there', timestamp: 1.5, start: 1.5, end: 2.4, plain_text: 'hello there', tone: tense }));
      store.applyEvent(transcriptEvent({ text: 'how are you', speaker_id: 'speaker_b', timestamp: 3 }));
      expect(store.captions).toEqual([
        { seq: 1, text: 'hello there', speakerId: 'speaker_a', start: 1.5, tone: tense },
        { seq: 2, text: 'how are you', speakerId: 'speaker_b', start: 3, tone: null },
      ]);
    });

    it('shows the words alone on plain sessions and the bracketed prefix on Elcor sessions', () => {
      const store = liveStore();
      const bracketed = transcriptEvent({ text: '[Tense] fine go on', plain_text: 'fine go on', tone: tense });
      store.applyEvent(bracketed);
      store.begin({ session_id: SESSION_ID, state: 'running', elcor: true });
      store.applyEvent(bracketed);
      expect(store.captions.map((caption) => caption.text)).toEqual(['fine go on', '[Tense] fine go on']);
    });

    it("ignores another session's transcript events", () => {
      const store = liveStore();
      store.applyEvent(transcriptEvent({ session_id: 'someone-else' }));
      expect(store.captions).toEqual([]);
    });

    it('keeps only the most recent captions', () => {
      const store = liveStore();
      for (let i = 0; i < CAPTION_LIMIT + 5; i++) store.applyEvent(transcriptEvent({ text: `line ${i}`, timestamp: i }));
      expect(store.captions).toHaveLength(CAPTION_LIMIT);
      expect(store.captions[0]).toMatchObject({ seq: 6, text: 'line 5' });
      expect(store.captions.at(-1)).toMatchObject({ seq: CAPTION_LIMIT + 5, text: `line ${CAPTION_LIMIT + 4}` });
    });

    it('clears captions and the service line when the session resets', () => {
      const store = liveStore();
      store.applyEvent(transcriptEvent());
      store.applyEvent(serviceEvent());
      store.reset();
      expect(store.captions).toEqual([]);
      expect(store.serviceNotice).toBeNull();
      expect(store.lastSessionId).toBe(SESSION_ID);
    });

    it('stops announcing tone windows while captions carry the tone, and resumes when captions stop', () => {
      const store = liveStore();
      store.applyEvent(transcriptEvent());
      store.applyEvent(toneEvent({ label: 'Calm', timestamp: 2 }));
      expect(store.politeAnnouncement).toBe('');
      store.applyEvent(serviceEvent({ status: 'error', code: 'captions_failed', detail: 'Captions stopped' }));
      store.applyEvent(toneEvent({ label: 'Rushed', timestamp: 3 }));
      expect(store.politeAnnouncement).toBe('Rushed, likely');
    });
  });

  describe('captions state and refetched captions', () => {
    it('shows the service line a late joiner learns from the session, and none while captions work', () => {
      const store = useSessionStore();
      const busy = { recogniser: 'pocketsphinx', status: 'off', code: 'captions_busy', detail: 'Captions unavailable: the server is busy' } as const;
      store.begin({ session_id: SESSION_ID, state: 'running', elcor: false, captions: busy });
      expect(store.serviceNotice).toEqual({ status: 'unavailable', code: 'captions_busy', text: 'Captions unavailable: the server is busy' });
      store.applyCaptionsState({ recogniser: 'pocketsphinx', status: 'failed', code: 'captions_failed' });
      expect(store.serviceNotice).toEqual({ status: 'error', code: 'captions_failed', text: 'Captions stopped working. Tone labels still follow the voice.' });
      store.applyCaptionsState({ recogniser: 'pocketsphinx', status: 'live', code: 'captions_restarted', detail: 'Captions resumed' });
      expect(store.serviceNotice).toBeNull();
      store.applyCaptionsState({ recogniser: 'pocketsphinx', status: 'live', code: 'captions_failed', detail: 'Captions are skipping speech' });
      store.applyCaptionsState(undefined);
      expect(store.serviceNotice).toEqual({ status: 'error', code: 'captions_failed', text: 'Captions are skipping speech' });
    });

    it('merges captions fetched after a replay gap in time order, without repeating the ones shown', () => {
      const store = liveStore();
      const caption = (start: number, text: string) => transcriptEvent({ text, plain_text: text, timestamp: start, start, end: start + 1 });
      store.applyEvent(caption(1, 'hello'));
      store.applyEvent(caption(9, 'see you'));
      store.mergeCaptions([caption(1, 'hello'), caption(4, 'how are you'), caption(4, 'how are you'), caption(9, 'see you'), transcriptEvent({ session_id: 'someone-else', start: 5 })]);
      expect(store.captions.map((c) => [c.start, c.text])).toEqual([[1, 'hello'], [4, 'how are you'], [9, 'see you']]);
      expect(new Set(store.captions.map((c) => c.seq)).size).toBe(3);
    });
  });

  describe('service events', () => {
    it('shows one line for a service that is not ready, replacing the previous one', () => {
      const store = liveStore();
      store.applyEvent(serviceEvent({ status: 'loading', code: 'captions_restarted', detail: 'Captions are starting' }));
      store.applyEvent(serviceEvent());
      store.applyEvent(serviceEvent());
      expect(store.serviceNotice).toEqual({ status: 'unavailable', code: 'captions_busy', text: 'Captions unavailable: the server is busy' });
    });

    it('clears the line when a later ready arrives', () => {
      const store = liveStore();
      store.applyEvent(serviceEvent());
      store.applyEvent(serviceEvent({ status: 'ready', code: 'captions_ready', detail: 'Captions ready', timestamp: 4 }));
      expect(store.serviceNotice).toBeNull();
    });

    it("ignores another session's service events", () => {
      const store = liveStore();
      store.applyEvent(serviceEvent({ session_id: 'someone-else' }));
      expect(store.serviceNotice).toBeNull();
    });
  });

  it('remembers the caption text size in localStorage', async () => {
    const store = useSessionStore();
    expect(store.captionSize).toBe('normal');
    store.captionSize = 'larger';
    await Promise.resolve();
    expect(localStorage.getItem('linnet.captionSize')).toBe('larger');
    setActivePinia(createPinia());
    expect(useSessionStore().captionSize).toBe('larger');
  });

  it('falls back to the normal caption size when storage holds something unknown', () => {
    localStorage.setItem('linnet.captionSize', 'huge');
    expect(useSessionStore().captionSize).toBe('normal');
  });
});
