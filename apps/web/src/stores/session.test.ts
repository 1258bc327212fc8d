import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { environEvent, queueEvent, serviceEvent, SESSION_ID, speakerEvent, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { CAPTION_LIMIT, HISTORY_MAX_EVENTS, LATE_WINDOW_MS, REAL_HOLD_S, REPLAY_WINDOW_MS, useSessionStore } from './session';

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

  it('shows a tone event as the latest label and in the history, stamped with when it arrived', () => {
    const store = liveStore();
    store.applyEvent(toneEvent(), 5_000);
    expect(store.latestTone).toEqual(toneEvent());
    expect(store.latestToneAt).toBe(5_000);
    expect(store.history).toEqual([toneEvent()]);
  });

  it('says whether the latest label’s voice had an earlier label in this session (a trend needs a before)', () => {
    const store = liveStore();
    store.applyEvent(toneEvent({ timestamp: 1 }), 1_000);
    expect(store.latestToneHasEarlier).toBe(false);
    // Under the display threshold: never shown, so no before.
    store.applyEvent(toneEvent({ speaker_id: 'speaker_b', confidence: 0.2, timestamp: 2 }), 2_000);
    store.applyEvent(toneEvent({ speaker_id: 'speaker_b', timestamp: 3 }), 3_000);
    expect(store.latestToneHasEarlier).toBe(false);
    store.applyEvent(toneEvent({ timestamp: 4 }), 4_000);
    expect(store.latestToneHasEarlier).toBe(true);
  });

  it('after a replay gap, takes the before from what was shown and what /history returns', () => {
    const store = liveStore();
    store.replaceHistory([toneEvent({ timestamp: 1 })], 1_000);
    expect(store.latestToneHasEarlier).toBe(false);
    store.replaceHistory([toneEvent({ timestamp: 1 }), toneEvent({ speaker_id: 'speaker_b', timestamp: 2 }), toneEvent({ speaker_id: 'speaker_b', timestamp: 3 })], 3_000);
    expect(store.latestTone?.timestamp).toBe(3);
    expect(store.latestToneHasEarlier).toBe(true);
    store.reset();
    store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
    store.applyEvent(toneEvent({ timestamp: 1 }), 1_000);
    expect(store.latestToneHasEarlier).toBe(false);
  });

  describe('replayed events', () => {
    // The session clock is audio time: session second 10 was heard at client time T0 + 10 s while the mic streamed.
    const T0 = 1_000_000;
    function awayAndBack() {
      const store = liveStore();
      store.streamOpened(T0);
      store.applyEvent(toneEvent({ label: 'Calm', timestamp: 10 }), T0 + 10_200);
      // The page was away for a minute; on its return the server replays what was said meanwhile.
      store.streamOpened(T0 + 75_000);
      return store;
    }

    it('stamps a tone replayed after a reconnect with when it was heard, not when it arrived', () => {
      const store = awayAndBack();
      store.applyEvent(toneEvent({ label: 'Tense', timestamp: 30 }), T0 + 75_100);
      expect(store.latestTone?.label).toBe('Tense');
      // Heard 45 s before it arrived: the card ages it ("heard 45 s ago"), it does not look fresh.
      expect(store.latestToneAt).toBe(T0 + 30_200);
    });

    it('places call states and keypad digits from the replay on the session clock too', () => {
      const store = awayAndBack();
      store.applyEvent(queueEvent({ label: 'dtmf_tone', digits: '4', timestamp: 40 }), T0 + 75_100);
      store.applyEvent(environEvent({ label: 'music', timestamp: 50 }), T0 + 75_150);
      expect(store.keypad).toEqual({ digits: '4', lastAt: T0 + 40_200 });
      expect(store.environAt).toBe(T0 + 50_200);
    });

    it('stamps a live event with its arrival, even when the session clock paused (audio stopped and started again)', () => {
      const store = awayAndBack();
      // Past the replay window: news. Session second 12 came 80 s after second 10, because no audio flowed between.
      const arrived = T0 + 75_000 + REPLAY_WINDOW_MS + 15_000;
      store.applyEvent(toneEvent({ label: 'Tense', timestamp: 12 }), arrived);
      expect(store.latestToneAt).toBe(arrived);
      // And the clock is re-anchored there: the next reconnect's replay is placed from it.
      store.streamOpened(arrived + 60_000);
      store.applyEvent(toneEvent({ label: 'Calm', timestamp: 20 }), arrived + 60_050);
      expect(store.latestToneAt).toBe(arrived + 8_000);
    });

    it('stamps a live event that arrives within the replay window with its arrival', () => {
      const store = awayAndBack();
      // Session second 75 arriving 75.2 s after second 0: on time, so it is live, whatever the window says.
      store.applyEvent(toneEvent({ label: 'Tense', timestamp: 75 }), T0 + 75_200);
      expect(store.latestToneAt).toBe(T0 + 75_200);
    });
  });

  it('hides tone events under the display threshold and events of another session', () => {
    const store = liveStore();
    store.applyEvent(toneEvent({ confidence: 0.2 }));
    store.applyEvent(toneEvent({ session_id: 'someone-else' }));
    expect(store.latestTone).toBeNull();
  });

  it('keeps the most recent tone events, ten minutes of windows, for the Recent strip', () => {
    const store = liveStore();
    for (let i = 0; i < HISTORY_MAX_EVENTS + 3; i++) store.applyEvent(toneEvent({ timestamp: i }));
    expect(store.history.map((e) => e.timestamp)).toEqual(Array.from({ length: HISTORY_MAX_EVENTS }, (_, i) => i + 3));
  });

  it('counts a move from hold music to speech as an answer, current until the voice stops', () => {
    const store = liveStore();
    store.applyEvent(queueEvent({ label: 'hold_music', timestamp: 1 }));
    store.applyEvent(queueEvent({ label: 'speech', timestamp: 30 }), 42_000);
    expect([store.answerCount, store.answerActive, store.answeredAt]).toEqual([1, true, 42_000]);
    store.applyEvent(queueEvent({ label: 'silence', timestamp: 40 }));
    expect([store.answerCount, store.answerActive, store.answeredAt]).toEqual([1, false, 42_000]);
  });

  it('stands the answer down when the hold resumes', () => {
    const store = liveStore();
    store.applyEvent(queueEvent({ label: 'hold_music', timestamp: 1 }));
    store.applyEvent(queueEvent({ label: 'speech', timestamp: 30 }));
    store.applyEvent(queueEvent({ label: 'hold_music', timestamp: 33 }));
    expect(store.answerActive).toBe(false);
  });

  it('does not count hold-music/speech flicker as new answers; only an answer after a real hold', () => {
    const store = liveStore();
    const flicker = [['hold_music', 0], ['speech', 20], ['hold_music', 21], ['speech', 22], ['hold_music', 24], ['speech', 25.5]] as const;
    for (const [label, timestamp] of flicker) store.applyEvent(queueEvent({ label, timestamp }));
    expect(store.answerCount).toBe(1);
    expect(store.answerActive).toBe(false);
    store.applyEvent(queueEvent({ label: 'hold_music', timestamp: 40 }));
    store.applyEvent(queueEvent({ label: 'speech', timestamp: 40 + REAL_HOLD_S }));
    expect(store.answerCount).toBe(2);
    expect(store.answerActive).toBe(true);
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

  it('accumulates keypad digits into one running string for the call, without replacing the call state', () => {
    const store = liveStore();
    store.applyEvent(queueEvent({ label: 'silence', timestamp: 1 }));
    for (const [digits, at] of [['1', 1_000], ['2', 2_000], ['34', 3_000]] as const) {
      store.applyEvent(queueEvent({ label: 'dtmf_tone', digits, timestamp: at / 1000 }), at);
    }
    expect(store.keypad).toEqual({ digits: '1234', lastAt: 3_000 });
    expect(store.callState?.label).toBe('silence');
  });

  it('drops what was being heard when the audio stops, and keeps the record', () => {
    const store = liveStore();
    store.applyEvent(toneEvent());
    store.applyEvent(queueEvent({ label: 'ringback' }));
    store.applyEvent(queueEvent({ label: 'dtmf_tone', digits: '5' }));
    store.applyEvent(speakerEvent({ label: 'human_single' }));
    store.audioStopped();
    expect([store.latestTone, store.callState, store.keypad, store.environ, store.speaking, store.answerActive]).toEqual([
      null, null, null, null, 'unknown', false,
    ]);
    expect(store.history).toHaveLength(1);
  });

  it('keeps late windows from the stopped audio off the live card (they still join the record) until audio starts again', () => {
    const store = liveStore();
    store.audioStopped();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 9 }));
    store.applyEvent(queueEvent({ label: 'silence', timestamp: 9 }));
    store.applyEvent(speakerEvent({ label: 'human_single', timestamp: 9 }));
    expect([store.latestTone, store.callState, store.speaking, store.history.length]).toEqual([null, null, 'unknown', 1]);
    store.audioStarted();
    store.applyEvent(toneEvent({ label: 'Rushed', timestamp: 20 }));
    expect(store.latestTone?.label).toBe('Rushed');
  });

  it("shows another device's audio after this page stopped its own: events arriving past the late windows", () => {
    const store = liveStore();
    store.audioStarted();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 5 }), 5_000);
    expect(store.otherAudioAt).toBeNull();
    store.audioStopped(6_000);
    // A window of this page's own audio, still in analysis at the stop: kept off the card.
    store.applyEvent(toneEvent({ label: 'Rushed', timestamp: 6 }), 6_000 + LATE_WINDOW_MS - 500);
    expect(store.latestTone).toBeNull();
    expect(store.otherAudioAt).toBeNull();
    // A service event is about the server, not anyone's audio.
    store.applyEvent(serviceEvent(), 6_000 + LATE_WINDOW_MS + 500);
    expect(store.otherAudioAt).toBeNull();
    // Audio sent after the stop, by the other phone on this session: shown, and said to be someone else's.
    store.applyEvent(toneEvent({ label: 'Tense', timestamp: 9 }), 6_000 + LATE_WINDOW_MS + 1_000);
    store.applyEvent(queueEvent({ label: 'hold_music', timestamp: 10 }), 6_000 + LATE_WINDOW_MS + 2_000);
    expect(store.latestTone?.label).toBe('Tense');
    expect(store.callState?.label).toBe('hold_music');
    expect(store.otherAudioAt).toBe(6_000 + LATE_WINDOW_MS + 2_000);
    // This page streams again: the audio is its own.
    store.audioStarted();
    expect(store.otherAudioAt).toBeNull();
  });

  it('expire() resets the session and raises the notice', () => {
    const store = liveStore();
    store.applyEvent(toneEvent());
    store.expire();
    expect(store.sessionId).toBeNull();
    expect(store.status).toBe('idle');
    expect(store.latestTone).toBeNull();
    expect(store.expired).toBe(true);
  });

  it('holds no preferences and touches no storage', () => {
    const store = liveStore();
    store.applyEvent(toneEvent());
    store.reset();
    expect(localStorage.length).toBe(0);
  });

  describe('captions', () => {
    const tense = { label: 'Tense', confidence: 0.7, subtext: 'Tight and fast.' };

    it('applies transcript events in order as captions with their words, speaker, start, tone and stream id', () => {
      const store = liveStore();
      store.applyEvent(transcriptEvent({ text: 'hello there', timestamp: 1.5, start: 1.5, end: 2.4, plain_text: 'hello there', tone: tense }), 0, 7);
      store.applyEvent(transcriptEvent({ text: 'how are you', speaker_id: 'speaker_b', timestamp: 3 }));
      expect(store.captions).toEqual([
        { seq: 1, text: 'hello there', speakerId: 'speaker_a', start: 1.5, tone: tense, eventId: 7 },
        { seq: 2, text: 'how are you', speakerId: 'speaker_b', start: 3, tone: null, eventId: null },
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
});
