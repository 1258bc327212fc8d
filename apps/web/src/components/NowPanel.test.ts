import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { ENVIRON_SHOW_MS, KEYPAD_SHOW_MS, TONE_FRESH_MS } from '../lib/now-state';
import { useSessionStore } from '../stores/session';
import { environEvent, queueEvent, SESSION_ID, speakerEvent, toneEvent } from '@linnet/shared/testing';
import NowPanel from './NowPanel.vue';

const T0 = 1_000_000;

function mountPanel(level = 0.5, streaming = true) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  store.setStatus('live');
  const wrapper = mount(NowPanel, { props: { level, streaming, now: T0 }, global: { plugins: [pinia] } });
  const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text();
  const has = (id: string) => wrapper.find(`[data-testid="${id}"]`).exists();
  return { wrapper, store, text, has };
}

describe('NowPanel', () => {
  it('says each fact once: label, confidence in words, one sentence, and the trend in words that are not a label', async () => {
    const { wrapper, store, text, has } = mountPanel();
    // The voice's second label: its trend compares with the first.
    store.applyEvent(toneEvent({ label: 'Calm', shift_direction: 'stable', timestamp: 11.5 }), T0 - 1_000);
    store.applyEvent(toneEvent(), T0);
    await wrapper.vm.$nextTick();
    expect(text('now-label')).toBe('Tense');
    expect(text('now-confidence')).toBe('likely');
    expect(text('now-subtext')).toBe('Louder and faster than a minute ago — may be stressed or in a hurry.');
    expect(text('shift-arrow')).toBe('↑');
    expect(text('shift-meaning')).toBe('Trend: away from their usual voice');
    // No percentage beside the word, no flag list repeating the sentence.
    expect(wrapper.text()).not.toMatch(/%/);
    expect(has('now-flags')).toBe(false);
  });

  it('shows no trend on a voice’s first label of the session, though the engine sends one, and shows the next one’s', async () => {
    const { wrapper, store, text, has } = mountPanel();
    // The engine's first window compares with a level of 0, so it often says "escalating": there was no before.
    store.applyEvent(toneEvent({ shift_direction: 'escalating', timestamp: 1 }), T0 - 2_000);
    await wrapper.vm.$nextTick();
    expect(text('now-label')).toBe('Tense');
    expect(has('shift-meaning')).toBe(false);
    expect(has('shift-arrow')).toBe(false);
    store.applyEvent(toneEvent({ label: 'Calm', shift_direction: 'de-escalating', timestamp: 2 }), T0 - 1_000);
    await wrapper.vm.$nextTick();
    expect(text('shift-meaning')).toBe('Trend: back to their usual voice');
    // A second voice's first label has no before either: the engine compares each voice with itself.
    store.applyEvent(toneEvent({ speaker_id: 'speaker_b', shift_direction: 'escalating', timestamp: 3 }), T0);
    await wrapper.vm.$nextTick();
    expect(has('shift-meaning')).toBe(false);
    store.applyEvent(toneEvent({ speaker_id: 'speaker_b', shift_direction: 'escalating', timestamp: 4 }), T0);
    await wrapper.vm.$nextTick();
    expect(text('shift-meaning')).toBe('Trend: away from their usual voice');
  });

  it('counts a label shown while the page was not listening (Recent strip) as the voice’s before, and a new session has none', async () => {
    const { wrapper, store, text, has } = mountPanel();
    store.audioStopped(T0 - 20_000);
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 1 }), T0 - 1_000);
    store.audioStarted();
    store.applyEvent(toneEvent({ timestamp: 2 }), T0);
    await wrapper.vm.$nextTick();
    expect(text('shift-meaning')).toBe('Trend: away from their usual voice');
    store.startRequested();
    store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
    store.setStatus('live');
    store.applyEvent(toneEvent({ timestamp: 1 }), T0);
    await wrapper.vm.$nextTick();
    expect(has('shift-meaning')).toBe(false);
  });

  it("names the voice once a second one has had a label (a speakerphone call), never with one voice", async () => {
    const { wrapper, store, text, has } = mountPanel();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 10, speaker_id: 'speaker_a' }), T0 - 2_000);
    await wrapper.vm.$nextTick();
    expect(has('now-speaker')).toBe(false);
    store.applyEvent(toneEvent({ label: 'Hesitant', timestamp: 11, speaker_id: 'speaker_b' }), T0 - 1_000);
    await wrapper.vm.$nextTick();
    expect(text('now-speaker')).toBe('Speaker B');
    // The other voice's first label has no trend: it is compared with nothing of its own.
    expect(has('shift-meaning')).toBe(false);
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 12, speaker_id: 'speaker_a' }), T0);
    await wrapper.vm.$nextTick();
    expect(text('now-speaker')).toBe('Speaker A');
    expect(has('shift-meaning')).toBe(true);
  });

  it('shows no trend line for a steady voice', async () => {
    const { wrapper, store, has } = mountPanel();
    store.applyEvent(toneEvent({ shift_direction: 'stable' }), T0);
    await wrapper.vm.$nextTick();
    expect(has('shift-meaning')).toBe(false);
  });

  it('has one status line: who is heard while live, and the meter level', async () => {
    const { wrapper, store, text } = mountPanel(0.456);
    expect(wrapper.get('[data-testid="level-meter"]').attributes()).toMatchObject({ role: 'meter', 'aria-valuenow': '0.46' });
    expect(wrapper.findAll('[data-testid="status-indicator"]')).toHaveLength(1);
    expect(text('status-indicator')).toBe('Listening');
    store.applyEvent(speakerEvent({ label: 'human_single' }));
    await wrapper.vm.$nextTick();
    expect(text('status-indicator')).toBe('Someone is speaking');
    store.applyEvent(speakerEvent({ label: 'no_speaker' }));
    await wrapper.vm.$nextTick();
    expect(text('status-indicator')).toBe('Quiet');
  });

  it('reads empty, at once, whenever nothing is streaming, whatever level was last handed to it', async () => {
    // The unreachable-server screen: the mic went down with the link, and the bar was left showing the last level.
    const { wrapper } = mountPanel(0.6, true);
    const meter = () => wrapper.get('[data-testid="level-meter"]');
    expect(meter().attributes('aria-valuenow')).toBe('0.6');
    await wrapper.setProps({ streaming: false });
    expect(meter().attributes('aria-valuenow')).toBe('0');
    expect(meter().get('.meter-fill').attributes('style')).toBe('transform: scaleX(0);');
    // No easing down from the old level either: the fill jumps to empty.
    expect(meter().get('.meter-fill').classes()).toContain('idle');
  });

  it("says someone else's microphone is streaming while another device's labels keep coming, and not once they stop", async () => {
    const { wrapper, store, text } = mountPanel(0, false);
    store.applyEvent(toneEvent({ label: 'Calm' }), T0 - 1_000);
    await wrapper.vm.$nextTick();
    expect(text('status-indicator')).toBe('Someone else’s microphone is streaming');
    expect(text('now-label')).toBe('Calm');
    expect(wrapper.get('[data-testid="level-meter"]').attributes('aria-valuenow')).toBe('0');
    await wrapper.setProps({ now: T0 + 10_000 });
    expect(text('status-indicator')).toBe('Not listening');
  });

  it('never says "Live" beside "Not listening": the line says the connection state, else what is heard', async () => {
    const { wrapper, store, text } = mountPanel(0, false);
    expect(text('status-indicator')).toBe('Not listening');
    expect(wrapper.text()).not.toMatch(/\bLive\b/);
    store.setStatus('reconnecting');
    await wrapper.vm.$nextTick();
    expect(text('status-indicator')).toBe('Reconnecting…');
  });

  it('says "Listening", not "Waiting for sound" or "Quiet", while a ringback moves the meter', async () => {
    const { wrapper, store, text } = mountPanel(0.6);
    store.applyEvent(speakerEvent({ label: 'no_speaker' }));
    store.applyEvent(queueEvent({ label: 'ringback' }));
    await wrapper.vm.$nextTick();
    expect(text('status-indicator')).toBe('Listening');
    expect(text('call-state-badge')).toBe('Ringing');
  });

  it('shows each call state as a plain-word badge with its own colour', async () => {
    const { wrapper, store } = mountPanel();
    const seen: [string, string][] = [];
    for (const label of ['ringback', 'busy', 'hold_music', 'silence', 'dead_air']) {
      store.applyEvent(queueEvent({ label }));
      await wrapper.vm.$nextTick();
      const badge = wrapper.get('[data-testid="call-state-badge"]');
      seen.push([badge.text(), badge.classes().find((c) => c.startsWith('badge--'))!]);
    }
    expect(seen).toEqual([
      ['Ringing', 'badge--ringing'], ['Busy', 'badge--busy'], ['On hold', 'badge--hold'], ['Silence', 'badge--silence'], ['Dead air', 'badge--dead-air'],
    ]);
  });

  it('lets the call badge expire when its state ends (speech, or the audio stopping)', async () => {
    const { wrapper, store, has } = mountPanel();
    store.applyEvent(queueEvent({ label: 'ringback' }));
    store.applyEvent(queueEvent({ label: 'speech' }));
    await wrapper.vm.$nextTick();
    expect(has('call-state-badge')).toBe(false);
    store.applyEvent(queueEvent({ label: 'hold_music' }));
    store.audioStopped();
    await wrapper.vm.$nextTick();
    expect(has('call-state-badge')).toBe(false);
  });

  it('does not say "Quiet room" or "Music" beside "Silence" or "On hold"; shows a one-off change, then lets it expire', async () => {
    const { wrapper, store, has, text } = mountPanel();
    store.applyEvent(queueEvent({ label: 'silence' }), T0);
    store.applyEvent(environEvent({ label: 'quiet' }), T0);
    await wrapper.vm.$nextTick();
    expect(has('environ-badge')).toBe(false);
    store.applyEvent(queueEvent({ label: 'hold_music' }), T0);
    store.applyEvent(environEvent({ label: 'music' }), T0);
    await wrapper.vm.$nextTick();
    expect(has('environ-badge')).toBe(false);
    store.applyEvent(environEvent({ label: 'noise_floor_change' }), T0);
    await wrapper.vm.$nextTick();
    expect(text('environ-badge')).toBe('Background changed');
    await wrapper.setProps({ now: T0 + ENVIRON_SHOW_MS });
    expect(has('environ-badge')).toBe(false);
  });

  it('gathers keypad digits into one running string for the call, shown while digits are recent', async () => {
    const { wrapper, store, text, has } = mountPanel();
    for (const [digits, at] of [['1', 0], ['2', 1_000], ['3', 2_000], ['4', 9_000]] as const) {
      store.applyEvent(queueEvent({ label: 'dtmf_tone', digits, timestamp: at / 1000 }), T0 + at);
    }
    await wrapper.setProps({ now: T0 + 9_000 });
    expect(text('keypad-badge')).toBe('Keypad 1 2 3 4');
    await wrapper.setProps({ now: T0 + 9_000 + KEYPAD_SHOW_MS });
    expect(has('keypad-badge')).toBe(false);
  });

  it('ages the last label: dimmed with how long ago after a few quiet seconds, gone on dead air', async () => {
    const { wrapper, store, text, has } = mountPanel();
    store.applyEvent(toneEvent({ label: 'Calm' }), T0 - 1_000);
    store.applyEvent(toneEvent(), T0);
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="now-card"]').attributes('data-fresh')).toBe('true');
    expect(has('now-age')).toBe(false);
    expect(has('shift-meaning')).toBe(true);
    await wrapper.setProps({ now: T0 + TONE_FRESH_MS + 7_000 });
    expect(wrapper.get('[data-testid="now-card"]').attributes('data-fresh')).toBe('false');
    expect(text('now-age')).toBe('heard 12 s ago');
    // "More intense than before" is a claim about now: an old label does not make it.
    expect(has('shift-meaning')).toBe(false);
    expect(has('now-paused')).toBe(false);
    store.applyEvent(queueEvent({ label: 'dead_air' }));
    await wrapper.vm.$nextTick();
    expect(has('now-label')).toBe(false);
  });

  it('pauses the label at once while reconnecting, says so before the label, and is back to normal with the next label', async () => {
    const { wrapper, store, text, has } = mountPanel();
    const card = () => wrapper.get('[data-testid="now-card"]');
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 1 }), T0 - 1_000);
    store.applyEvent(toneEvent({ timestamp: 2 }), T0);
    await wrapper.vm.$nextTick();
    expect(card().attributes()).toMatchObject({ 'data-fresh': 'true', 'data-freshness': 'fresh' });
    // The server goes out of reach a second after the label: not yet old by the clock, but nothing newer can come.
    store.setStatus('reconnecting');
    await wrapper.setProps({ now: T0 + 1_000 });
    expect(card().attributes()).toMatchObject({ 'data-fresh': 'false', 'data-freshness': 'paused' });
    expect(text('now-paused')).toBe('Paused while reconnecting');
    expect(text('now-age')).toBe('heard 1 s ago');
    expect(has('shift-meaning')).toBe(false);
    // Read first: a screen reader meets "Paused while reconnecting" before the label.
    expect(card().text().indexOf('Paused while reconnecting')).toBeLessThan(card().text().indexOf('Tense'));
    expect(text('now-label')).toBe('Tense');
    // Back in touch two seconds later: the label from before the outage is not news, though under 5 s old.
    store.setStatus('live');
    await wrapper.setProps({ now: T0 + 2_000 });
    expect(card().attributes()).toMatchObject({ 'data-fresh': 'false', 'data-freshness': 'aged' });
    expect(has('now-paused')).toBe(false);
    expect(text('now-age')).toBe('heard 2 s ago');
    // A label heard after the outage: live again, trend and all.
    store.applyEvent(toneEvent({ label: 'Calm', shift_direction: 'de-escalating', timestamp: 3 }), T0 + 2_500);
    await wrapper.setProps({ now: T0 + 3_000 });
    expect(card().attributes()).toMatchObject({ 'data-fresh': 'true', 'data-freshness': 'fresh' });
    expect(has('now-age')).toBe(false);
    expect(text('shift-meaning')).toBe('Trend: back to their usual voice');
  });

  it('counts the outage from before it was shown (opened from the labels screen while reconnecting)', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const store = useSessionStore();
    store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
    store.setStatus('live');
    store.applyEvent(toneEvent(), T0);
    store.setStatus('reconnecting');
    const wrapper = mount(NowPanel, { props: { level: 0, streaming: false, now: T0 + 1_000 }, global: { plugins: [pinia] } });
    expect(wrapper.get('[data-testid="now-card"]').attributes('data-freshness')).toBe('paused');
    store.setStatus('live');
    await wrapper.setProps({ now: T0 + 2_000 });
    expect(wrapper.get('[data-testid="now-card"]').attributes('data-freshness')).toBe('aged');
  });

  it('shows a calm "answered at" line once the banner stands down', async () => {
    const { wrapper, store, has, text } = mountPanel();
    const answerAt = new Date(2026, 0, 5, 10, 42).getTime();
    store.applyEvent(queueEvent({ label: 'ringback', timestamp: 0 }));
    store.applyEvent(queueEvent({ label: 'speech', timestamp: 12 }), answerAt);
    await wrapper.setProps({ bannerVisible: true });
    expect(has('answered-line')).toBe(false);
    await wrapper.setProps({ bannerVisible: false });
    expect(text('answered-line')).toMatch(/^Someone answered at 10:42/);
  });

  it('says it is not listening, and how to start, while neither the mic nor the sample streams', async () => {
    const { wrapper } = mountPanel(0, false);
    // The status line says "Not listening"; the hint does not say it again, only what to do.
    expect(wrapper.get('.empty').text()).toBe('Start the mic, or try a sample.');
    await wrapper.setProps({ micAvailable: false });
    expect(wrapper.get('.empty').text()).toBe('Try a sample to see how the labels work.');
    await wrapper.setProps({ streaming: true });
    expect(wrapper.get('.empty').text()).toBe('A label appears after a few seconds of speech, once Linnet knows how this voice usually sounds.');
  });

  it('drops a stale "Someone is speaking" once the mic and sample stop', async () => {
    const { wrapper, store } = mountPanel();
    store.applyEvent(speakerEvent({ label: 'human_single' }));
    await wrapper.setProps({ streaming: false });
    const indicator = wrapper.get('[data-testid="speaking-indicator"]');
    expect(indicator.text()).toBe('Not listening');
    expect(indicator.attributes('data-state')).toBe('unknown');
  });
});
