import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import AnswerBanner from '../../components/AnswerBanner.vue';
import { REAL_HOLD_S, useSessionStore } from '../../stores/session';
import { queueEvent, SESSION_ID } from '@linnet/shared/testing';
import { createSettings } from '../useSettings';
import { useAnswerAlert } from './index';

function mountAlert(optedIn: boolean) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  const settings = createSettings({ storage: null });
  settings.alertOnAnswer.value = optedIn;
  const vibrate = vi.fn(() => true);
  const Host = defineComponent(() => {
    const alert = useAnswerAlert({ store, settings, navigator: { vibrate } });
    return () => h(AnswerBanner, { visible: alert.bannerVisible.value, onDismiss: alert.dismiss });
  });
  const wrapper = mount(Host, { global: { plugins: [pinia] } });
  const play = async (...steps: [string, number][]) => {
    for (const [label, timestamp] of steps) store.applyEvent(queueEvent({ label, timestamp }));
    await wrapper.vm.$nextTick();
  };
  const bannerShown = () => wrapper.find('[data-testid="answer-banner"]').exists();
  return { wrapper, store, vibrate, play, bannerShown };
}

describe('useAnswerAlert', () => {
  it('vibrates and shows the banner when hold music turns into speech and the user opted in', async () => {
    const { wrapper, vibrate, play, bannerShown } = mountAlert(true);
    await play(['hold_music', 0]);
    expect(bannerShown()).toBe(false);
    await play(['speech', 20]);
    expect(vibrate).toHaveBeenCalledWith([300, 150, 300]);
    expect(wrapper.get('[data-testid="answer-banner"]').text()).toContain('Someone may have answered');
    await wrapper.get('[data-testid="answer-banner-dismiss"]').trigger('click');
    expect(bannerShown()).toBe(false);
  });

  it('neither vibrates nor shows the banner when the user did not opt in', async () => {
    const { vibrate, play, bannerShown } = mountAlert(false);
    await play(['hold_music', 0], ['speech', 20]);
    expect(vibrate).not.toHaveBeenCalled();
    expect(bannerShown()).toBe(false);
  });

  it('does not fire for speech after busy or keypad tones', async () => {
    const { vibrate, play, bannerShown } = mountAlert(true);
    await play(['busy', 0], ['speech', 1], ['dtmf_tone', 2], ['speech', 3]);
    expect(vibrate).not.toHaveBeenCalled();
    expect(bannerShown()).toBe(false);
  });

  it('stands down by itself when the voice stops, and when the hold resumes', async () => {
    const { play, bannerShown } = mountAlert(true);
    await play(['ringback', 0], ['speech', 12]);
    expect(bannerShown()).toBe(true);
    await play(['silence', 20]);
    expect(bannerShown()).toBe(false);
    await play(['hold_music', 30], ['speech', 30 + REAL_HOLD_S]);
    expect(bannerShown()).toBe(true);
    await play(['hold_music', 45]);
    expect(bannerShown()).toBe(false);
  });

  it('is not brought back, nor buzzes again, by hold-music/speech flicker; a real hold re-alerts', async () => {
    const { vibrate, play, bannerShown } = mountAlert(true);
    await play(['hold_music', 0], ['speech', 20]);
    await play(['hold_music', 21], ['speech', 22], ['hold_music', 23], ['speech', 24.5]);
    expect(vibrate).toHaveBeenCalledTimes(1);
    expect(bannerShown()).toBe(false);
    await play(['hold_music', 40], ['speech', 40 + REAL_HOLD_S + 5]);
    expect(vibrate).toHaveBeenCalledTimes(2);
    expect(bannerShown()).toBe(true);
  });

  it('keeps a dismissed answer dismissed', async () => {
    const { wrapper, play, bannerShown } = mountAlert(true);
    await play(['ringback', 0], ['speech', 12]);
    await wrapper.get('[data-testid="answer-banner-dismiss"]').trigger('click');
    await play(['hold_music', 13], ['speech', 14]);
    expect(bannerShown()).toBe(false);
  });
});
