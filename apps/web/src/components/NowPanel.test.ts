import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { useSessionStore } from '../stores/session';
import { environEvent, queueEvent, SESSION_ID, speakerEvent, toneEvent } from '@linnet/shared/testing';
import NowPanel from './NowPanel.vue';

function mountPanel(level = 0.5, streaming = true) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  const wrapper = mount(NowPanel, { props: { level, streaming }, global: { plugins: [pinia] } });
  return { wrapper, store };
}

describe('NowPanel', () => {
  it('renders the latest label, subtext, confidence in words, flags and the shift arrow with its meaning', async () => {
    const { wrapper, store } = mountPanel();
    store.applyEvent(toneEvent());
    await wrapper.vm.$nextTick();
    const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text();
    expect(text('now-label')).toBe('Tense');
    expect(text('now-subtext')).toBe('Louder and faster than a minute ago — may be stressed or in a hurry.');
    expect(text('now-confidence')).toBe('likely · 82%');
    expect(wrapper.findAll('[data-testid="now-flags"] li').map((li) => li.text())).toEqual(['loud', 'fast']);
    expect(text('shift-arrow')).toBe('↑');
    expect(text('shift-meaning')).toBe('Escalating — more intense than before');
  });

  it('shows speaking/quiet from speaker events and the level on the meter', async () => {
    const { wrapper, store } = mountPanel(0.456);
    expect(wrapper.get('[data-testid="level-meter"]').attributes()).toMatchObject({ role: 'meter', 'aria-valuenow': '0.46' });
    store.applyEvent(speakerEvent({ label: 'human_single' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="speaking-indicator"]').text()).toBe('Speaking');
    store.applyEvent(speakerEvent({ label: 'no_speaker' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="speaking-indicator"]').text()).toBe('Quiet');
  });

  it('shows each call state as a plain-word badge with its own colour', async () => {
    const { wrapper, store } = mountPanel();
    const seen: [string, string][] = [];
    for (const [label, extra] of [
      ['ringback', {}], ['busy', {}], ['hold_music', {}], ['dtmf_tone', { digits: '123' }], ['silence', {}], ['dead_air', {}],
    ] as const) {
      store.applyEvent(queueEvent({ label, ...extra }));
      await wrapper.vm.$nextTick();
      const badge = wrapper.get('[data-testid="call-state-badge"]');
      seen.push([badge.text(), badge.classes().find((c) => c.startsWith('badge--'))!]);
    }
    expect(seen).toEqual([
      ['Ringing', 'badge--ringing'], ['Busy', 'badge--busy'], ['On hold', 'badge--hold'],
      ['Keypad 1 2 3', 'badge--keypad'], ['Silence', 'badge--silence'], ['Dead air', 'badge--dead-air'],
    ]);
    // Speech is shown by the speaking indicator, not as a second badge.
    store.applyEvent(queueEvent({ label: 'speech' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="call-state-badge"]').exists()).toBe(false);
    store.applyEvent(environEvent({ label: 'music' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="environ-badge"]').text()).toBe('Music');
    expect(wrapper.get('[data-testid="environ-badge"]').classes()).toContain('badge--music');
  });

  it('says it is not listening, and how to start, while neither the mic nor the sample streams', async () => {
    const { wrapper } = mountPanel(0, false);
    expect(wrapper.get('.empty').text()).toBe('Not listening yet. Turn the mic on, or try a sample.');
    expect(wrapper.get('[data-testid="speaking-indicator"]').text()).toBe('Not listening');
    await wrapper.setProps({ streaming: true });
    expect(wrapper.get('.empty').text()).toBe('Listening. A label appears once someone speaks for a moment.');
  });

  it('drops a stale "Speaking" once the mic and sample stop', async () => {
    const { wrapper, store } = mountPanel();
    store.applyEvent(speakerEvent({ label: 'human_single' }));
    await wrapper.setProps({ streaming: false });
    const indicator = wrapper.get('[data-testid="speaking-indicator"]');
    expect(indicator.text()).toBe('Not listening');
    expect(indicator.attributes('data-state')).toBe('unknown');
  });

  it('compact: keeps label, confidence, sentence and a one-word shift, and leaves the flags to the full card', async () => {
    const { wrapper, store } = mountPanel();
    await wrapper.setProps({ compact: true });
    store.applyEvent(toneEvent());
    await wrapper.vm.$nextTick();
    const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text();
    expect([text('now-label'), text('now-confidence'), text('shift-meaning')]).toEqual(['Tense', 'likely · 82%', 'Escalating']);
    expect(text('now-subtext')).toBe('Louder and faster than a minute ago — may be stressed or in a hurry.');
    expect(wrapper.find('[data-testid="now-flags"]').exists()).toBe(false);
  });
});
