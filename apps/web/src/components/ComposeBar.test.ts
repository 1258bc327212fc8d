import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetSettings, useSettings } from '../composables/useSettings';
import { useSessionStore } from '../stores/session';
import { loadLazyChunk } from '../lib/lazy-chunk';
import { resetServerHealth } from '../composables/useServerHealth';
import { flushPromises, json, scriptedFetch } from '../test/fakes';
import ComposeBar from './ComposeBar.vue';
import OfflineNotice from './OfflineNotice.vue';

type BarProps = { micActive: boolean; sampleActive: boolean; micAvailable?: boolean };

function mountBar(props: BarProps = { micActive: false, sampleActive: false }, attachTo?: HTMLElement) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useSessionStore();
  const wrapper = mount(ComposeBar, { props, global: { plugins: [pinia] }, attachTo });
  return { wrapper, store };
}

describe('ComposeBar', () => {
  // The running controls come from the lazy chunk, which the app has loaded by the time a session runs.
  beforeAll(async () => {
    await loadLazyChunk();
  });
  beforeEach(() => {
    localStorage.clear();
    resetSettings();
    resetServerHealth();
    // The settings' learning line asks GET /learning with the page's own fetch. Unstubbed, happy-dom sent that to
    // whatever listens on localhost:3000 of the machine running the tests: no server here, as on a page whose
    // server is away (LearningSetting.test.ts covers the line with answers).
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows "Keep a transcript" off and disabled, saying why, on a server that cannot keep, from the one /health fetch', async () => {
    useSettings().keep.value = true;
    const { fetch, calls } = scriptedFetch(json(200, { status: 'ok', service: 'linnet', storage: 'unavailable' }));
    const notice = mount(OfflineNotice, { props: { fetch } });
    const { wrapper } = mountBar();
    await flushPromises();
    expect(calls).toEqual([{ url: '/health', method: 'GET' }]);
    expect(notice.find('[data-testid="offline-notice"]').exists()).toBe(false);
    const input = wrapper.get<HTMLInputElement>('[data-testid="keep-toggle"]');
    expect([input.element.checked, input.element.disabled]).toEqual([false, true]);
    expect(input.element.closest('label')!.querySelector('small')!.textContent).toBe('This Linnet server cannot keep transcripts.');
    // The stored preference is the user's: it applies again on a server that can keep.
    expect([useSettings().keep.value, localStorage.getItem('linnet.keep')]).toEqual([true, 'true']);
  });

  it('offers "Keep a transcript" as stored on a server that can keep', async () => {
    useSettings().keep.value = true;
    mount(OfflineNotice, { props: { fetch: scriptedFetch(json(200, { status: 'ok', service: 'linnet', storage: 'ok' })).fetch } });
    const { wrapper } = mountBar();
    await flushPromises();
    const input = wrapper.get<HTMLInputElement>('[data-testid="keep-toggle"]');
    expect([input.element.checked, input.element.disabled]).toEqual([true, false]);
    expect(input.element.closest('label')!.querySelector('small')!.textContent).toBe(
      'Words, tones and times stay on this Linnet server for History. Never audio.',
    );
    await input.setValue(false);
    expect(localStorage.getItem('linnet.keep')).toBe('false');
  });

  it('offers Try a sample and What the labels mean on the first screen, and says so when tapped', async () => {
    const { wrapper } = mountBar();
    await wrapper.get('[data-testid="first-sample-button"]').trigger('click');
    await wrapper.get('[data-testid="labels-open-settings"]').trigger('click');
    expect(wrapper.get('[data-testid="first-sample-button"]').text()).toBe('Try a sample');
    expect(wrapper.emitted()).toMatchObject({ startSample: [[]], openLabels: [[]] });
    expect(wrapper.emitted('start')).toBeUndefined();
  });

  it('shows the calm timed-out notice after the session expired, not as an error', async () => {
    const { wrapper, store } = mountBar();
    store.expire();
    await wrapper.vm.$nextTick();
    const notice = wrapper.get('[data-testid="expired-notice"]');
    expect(notice.text()).toBe(
      'Your last session is no longer on Linnet’s server: it was closed while nothing was connected to it, or the server restarted. Start a new one to continue.',
    );
    expect(notice.attributes('role')).toBe('status');
    expect(wrapper.find('[data-testid="error-message"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="start-button"]').text()).toBe('Start session');
  });

  it('offers the tone prefix, explained in one line, before start and emits start', async () => {
    const { wrapper } = mountBar();
    await wrapper.get('[data-testid="elcor-toggle"]').setValue(true);
    expect(useSettings().elcor.value).toBe(true);
    expect(wrapper.get('label.switch small').text()).toBe('Starts each caption with how it sounded, e.g. “[Tense] I’m fine” (like Elcor in Mass Effect).');
    await wrapper.get('[data-testid="start-button"]').trigger('click');
    expect(wrapper.emitted('start')).toHaveLength(1);
    expect(wrapper.find('[data-testid="mic-toggle"]').exists()).toBe(false);
  });

  it('shows mic, sample and end controls while running; the mic button says its action and has no pressed state too', async () => {
    const { wrapper, store } = mountBar({ micActive: true, sampleActive: false });
    store.setStatus('reconnecting');
    await wrapper.vm.$nextTick();
    // The status line is the tone panel's, once; the controls do not repeat it.
    expect(wrapper.find('[data-testid="status-indicator"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="mic-toggle"]').text()).toBe('Stop mic');
    expect(wrapper.get('[data-testid="mic-toggle"]').attributes('aria-pressed')).toBeUndefined();
    await wrapper.setProps({ micActive: false });
    expect(wrapper.get('[data-testid="mic-toggle"]').text()).toBe('Start mic');
    expect(wrapper.get('[data-testid="sample-button"]').text()).toBe('Try a sample');
    await wrapper.get('[data-testid="end-button"]').trigger('click');
    await wrapper.get('[data-testid="mic-toggle"]').trigger('click');
    expect(wrapper.emitted('end')).toHaveLength(1);
    expect(wrapper.emitted('toggleMic')).toHaveLength(1);
    expect(wrapper.find('[data-testid="expired-notice"]').exists()).toBe(false);
  });

  it('offers both switches before start, and the answer alert behind Settings while running', async () => {
    // Attached, so visibility is computed as a browser would.
    const { wrapper, store } = mountBar(undefined, document.body);
    expect(wrapper.find('[data-testid="elcor-toggle"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="alert-toggle"]').exists()).toBe(true);
    store.setStatus('live');
    await wrapper.vm.$nextTick();
    expect(wrapper.get('#session-settings').isVisible()).toBe(false);
    const settings = wrapper.get('button[aria-controls="session-settings"]');
    expect(settings.attributes('aria-expanded')).toBe('false');
    await settings.trigger('click');
    expect(settings.attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('#session-settings').isVisible()).toBe(true);
    await wrapper.get('[data-testid="alert-toggle"]').setValue(true);
    expect(useSettings().alertOnAnswer.value).toBe(true);
    expect(settings.text()).toBe('Settings · alert on▴');
    expect(wrapper.find('[data-testid="elcor-toggle"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('remembers every choice made on the start screen', async () => {
    const { wrapper } = mountBar();
    // The rarely changed choices are folded away until asked for.
    expect(wrapper.get('[data-testid="more-settings"]').attributes('open')).toBeUndefined();
    await wrapper.get('[data-testid="window-length-3000"]').setValue(true);
    await wrapper.get('[data-testid="announcements-calls"]').setValue(true);
    await wrapper.get('[data-testid="caption-size-larger"]').setValue(true);
    await wrapper.get('[data-testid="alert-toggle"]').setValue(true);
    expect(['linnet.windowMs', 'linnet.announcements', 'linnet.captionSize', 'linnet.alertOnAnswer'].map((key) => localStorage.getItem(key))).toEqual([
      '3000', 'calls', 'larger', 'true',
    ]);
  });

  it('says that audio is never recorded and whom the labels describe, before start and in the running settings', async () => {
    const { wrapper, store } = mountBar();
    const privacy = 'Audio is analysed in memory and never recorded. Labels describe whoever is speaking near the microphone.';
    expect(wrapper.get('[data-testid="privacy-note"]').text()).toBe(privacy);
    store.setStatus('live');
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="privacy-note"]').text()).toBe(privacy);
  });

  it('explains what the mic needs on a plain-http page instead of offering a dead button', async () => {
    const { wrapper, store } = mountBar({ micActive: false, sampleActive: false, micAvailable: false });
    store.setStatus('live');
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="mic-toggle"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="mic-unavailable"]').text()).toBe(
      'The mic needs a secure page: open Linnet over https, or as localhost on this device. Try a sample meanwhile.',
    );
    expect(wrapper.get('[data-testid="sample-button"]').attributes('disabled')).toBeUndefined();
  });

  it('shows failures in plain words as an alert', async () => {
    const { wrapper, store } = mountBar();
    store.fail("Can't reach Linnet's server. Check your connection and try again.");
    await wrapper.vm.$nextTick();
    const error = wrapper.get('[data-testid="error-message"]');
    expect(error.text()).toBe("Can't reach Linnet's server. Check your connection and try again.");
    expect(error.attributes('role')).toBe('alert');
  });

  it('moves focus from the pressed Start to the mic, and from End back to Start', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const store = useSessionStore();
    const wrapper = mount(ComposeBar, { props: { micActive: false, sampleActive: false }, global: { plugins: [pinia] }, attachTo: document.body });
    wrapper.get<HTMLButtonElement>('[data-testid="start-button"]').element.focus();
    store.setStatus('starting');
    await wrapper.vm.$nextTick();
    expect(document.activeElement).toBe(wrapper.get('[data-testid="mic-toggle"]').element);
    store.setStatus('idle');
    await wrapper.vm.$nextTick();
    expect(document.activeElement).toBe(wrapper.get('[data-testid="start-button"]').element);
    wrapper.unmount();
  });
});
