import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import AnswerBanner from '../../components/AnswerBanner.vue';
import { useSessionStore } from '../../stores/session';
import { queueEvent, SESSION_ID } from '@linnet/shared/testing';
import { useAnswerAlert } from './index';

function mountAlert(optedIn: boolean) {
  localStorage.clear();
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  store.alertOnAnswer = optedIn;
  const vibrate = vi.fn(() => true);
  const Host = defineComponent(() => {
    const alert = useAnswerAlert({ store, navigator: { vibrate } });
    return () => h(AnswerBanner, { visible: alert.bannerVisible.value, onDismiss: alert.dismiss });
  });
  const wrapper = mount(Host, { global: { plugins: [pinia] } });
  return { wrapper, store, vibrate };
}

describe('useAnswerAlert', () => {
  it('vibrates and shows the banner when hold music turns into speech and the user opted in', async () => {
    const { wrapper, store, vibrate } = mountAlert(true);
    store.applyEvent(queueEvent({ label: 'hold_music' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="answer-banner"]').exists()).toBe(false);
    store.applyEvent(queueEvent({ label: 'speech' }));
    await wrapper.vm.$nextTick();
    expect(vibrate).toHaveBeenCalledWith([300, 150, 300]);
    expect(wrapper.get('[data-testid="answer-banner"]').text()).toContain('Someone is speaking — they may have answered');
    await wrapper.get('[data-testid="answer-banner-dismiss"]').trigger('click');
    expect(wrapper.find('[data-testid="answer-banner"]').exists()).toBe(false);
  });

  it('neither vibrates nor shows the banner when the user did not opt in', async () => {
    const { wrapper, store, vibrate } = mountAlert(false);
    store.applyEvent(queueEvent({ label: 'hold_music' }));
    store.applyEvent(queueEvent({ label: 'speech' }));
    await wrapper.vm.$nextTick();
    expect(vibrate).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid="answer-banner"]').exists()).toBe(false);
    // The screen-reader announcement is for everyone.
    expect(store.assertiveAnnouncement).toBe('Someone is speaking — they may have answered');
  });

  it('does not fire for speech after busy or keypad tones', async () => {
    const { wrapper, store, vibrate } = mountAlert(true);
    store.applyEvent(queueEvent({ label: 'busy' }));
    store.applyEvent(queueEvent({ label: 'speech' }));
    store.applyEvent(queueEvent({ label: 'dtmf_tone', digits: '1' }));
    store.applyEvent(queueEvent({ label: 'speech' }));
    await wrapper.vm.$nextTick();
    expect(vibrate).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid="answer-banner"]').exists()).toBe(false);
  });
});
