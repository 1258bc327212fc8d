import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { useSessionStore } from '../stores/session';
import { SESSION_ID, toneEvent } from '@linnet/shared/testing';
import HistoryStrip from './HistoryStrip.vue';

describe('HistoryStrip', () => {
  it('lists recent labels newest first with their confidence in words', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const store = useSessionStore();
    store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
    const wrapper = mount(HistoryStrip, { global: { plugins: [pinia] } });
    expect(wrapper.find('[data-testid="history-item"]').exists()).toBe(false);
    store.applyEvent(toneEvent({ label: 'Calm', confidence: 0.9, timestamp: 1 }));
    store.applyEvent(toneEvent({ label: 'Rushed', confidence: 0.5, timestamp: 2 }));
    await wrapper.vm.$nextTick();
    expect(wrapper.findAll('[data-testid="history-item"]').map((item) => item.text())).toEqual(['Rushed possibly', 'Calm very likely']);
  });
});
