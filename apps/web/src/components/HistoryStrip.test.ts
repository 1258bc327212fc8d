import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { useSessionStore } from '../stores/session';
import { SESSION_ID, toneEvent, transcriptEvent } from '@linnet/shared/testing';
import HistoryStrip from './HistoryStrip.vue';

function mountStrip() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  const wrapper = mount(HistoryStrip, { global: { plugins: [pinia] } });
  const items = () => wrapper.findAll('[data-testid="history-item"]');
  return { wrapper, store, items };
}

describe('HistoryStrip', () => {
  it('lists recent labels newest first, repeats merged, each with the session time it was last heard', async () => {
    const { wrapper, store, items } = mountStrip();
    expect(items()).toHaveLength(0);
    for (const [label, timestamp] of [['Calm', 1], ['Calm', 2], ['Calm', 65], ['Rushed', 66]] as const) {
      store.applyEvent(toneEvent({ label, timestamp }));
    }
    await wrapper.vm.$nextTick();
    expect(items().map((item) => [...item.findAll('[aria-hidden="true"]')].map((part) => part.text()).join(' '))).toEqual([
      'Rushed 01:06', 'Calm ×3 01:05',
    ]);
    expect(items().map((item) => item.attributes('data-count'))).toEqual(['1', '3']);
    // A screen reader hears words, not "times sign 3".
    expect(items().map((item) => item.get('.visually-hidden').text())).toEqual(['Rushed, at 01:06', 'Calm, 3 times, last at 01:05']);
  });

  it("marks each chip with its voice's letter once two voices have labels, and keeps their runs apart", async () => {
    const { wrapper, store, items } = mountStrip();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 1, speaker_id: 'speaker_a' }));
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 2, speaker_id: 'speaker_a' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="history-voice"]').exists()).toBe(false);
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 3, speaker_id: 'speaker_b' }));
    await wrapper.vm.$nextTick();
    expect(items().map((item) => [...item.findAll('[aria-hidden="true"]')].map((part) => part.text()).join(' '))).toEqual([
      'B Calm 00:03', 'A Calm ×2 00:02',
    ]);
    expect(items().map((item) => item.get('.visually-hidden').text())).toEqual(['Speaker B: Calm, at 00:03', 'Speaker A: Calm, 2 times, last at 00:02']);
  });

  it('wraps instead of scrolling: no scroll region, so nothing is clipped and nothing needs a keyboard stop', async () => {
    const { wrapper, store } = mountStrip();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 1 }));
    await wrapper.vm.$nextTick();
    expect(wrapper.get('ol').attributes('tabindex')).toBeUndefined();
  });

  it('keeps to one row of the newest chips once captions carry the tone, and fills the space before', async () => {
    const { wrapper, store } = mountStrip();
    store.applyEvent(toneEvent({ label: 'Calm', timestamp: 1 }));
    await wrapper.vm.$nextTick();
    expect(wrapper.get('.history').classes()).not.toContain('one-row');
    store.applyEvent(transcriptEvent());
    await wrapper.vm.$nextTick();
    expect(wrapper.get('.history').classes()).toContain('one-row');
  });
});
