import { TONE_LABELS, type LearningResponse } from '@linnet/shared';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetServerHealth, useServerHealth } from '../composables/useServerHealth';
import { resetSettings, useSettings } from '../composables/useSettings';
import { createKeptApi } from '../lib/kept-api';
import { LEARNING_TEXT } from '../lib/text-history';
import { flushPromises, json, scriptedFetch } from '../test/fakes';
import LearningSetting from './LearningSetting.vue';

function learning(corrections: number, active: boolean): LearningResponse {
  return {
    corrections,
    min_corrections: 10,
    max_offset: 0.3,
    active,
    labels: TONE_LABELS.map((label) => ({ label, confirmed: 0, rejected: 0, missed: 0, offset: label === 'Calm' && active ? -0.1 : 0 })),
    reset_at: null,
  };
}

function mountSetting(fetch: typeof globalThis.fetch) {
  const host = document.createElement('div');
  document.body.append(host);
  return mount(LearningSetting, { props: { api: createKeptApi({ fetch }) }, attachTo: host });
}

describe('LearningSetting', () => {
  beforeEach(() => {
    localStorage.clear();
    resetSettings();
    resetServerHealth();
  });

  it('says how many corrections this device gave, stored on this server', async () => {
    useSettings().correctionsGiven.value = 3;
    const wrapper = mountSetting(scriptedFetch(json(200, learning(3, false))).fetch);
    await flushPromises();
    expect(wrapper.get('[data-testid="corrections-given"]').text()).toBe('You have given 3 corrections. They are stored on this Linnet server.');
    expect(wrapper.find('[data-testid="corrections-unavailable"]').exists()).toBe(false);
  });

  it('on a server that cannot store corrections, says so instead of a count, and asks it nothing', async () => {
    useSettings().correctionsGiven.value = 3;
    await useServerHealth({ fetch: scriptedFetch(json(200, { status: 'ok', service: 'linnet', storage: 'unavailable' })).fetch }).check();
    const { fetch, calls } = scriptedFetch();
    const wrapper = mountSetting(fetch);
    await flushPromises();
    expect(calls).toEqual([]);
    expect(wrapper.get('[data-testid="corrections-unavailable"]').text()).toBe(
      'This Linnet server cannot store corrections, so labels and captions have no ✓ or ✗.',
    );
    expect(wrapper.find('[data-testid="corrections-given"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="learning"]').exists()).toBe(false);
  });

  it('turns to the same line when /learning answers 503 keeping_unavailable before /health was read', async () => {
    useSettings().correctionsGiven.value = 3;
    const { fetch } = scriptedFetch(json(503, { detail: 'This Linnet server cannot keep conversations', code: 'keeping_unavailable' }));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    expect(useServerHealth().canKeep.value).toBe(false);
    expect(wrapper.find('[data-testid="corrections-unavailable"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="corrections-given"]').exists()).toBe(false);
  });

  it('says how many corrections Linnet learned from and offers Reset', async () => {
    const { fetch, calls } = scriptedFetch(json(200, learning(12, true)));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    expect(calls).toEqual([{ url: '/learning', method: 'GET' }]);
    expect(wrapper.get('[data-testid="learning-count"]').text()).toBe('Linnet has learned from 12 of your corrections');
    expect(wrapper.get('[data-testid="learning-reset"]').text()).toBe('Reset');
  });

  it('says nothing before any correction, and how many it still needs before it learns', async () => {
    const none = mountSetting(scriptedFetch(json(200, learning(0, false))).fetch);
    await flushPromises();
    expect(none.find('[data-testid="learning"]').exists()).toBe(false);
    const few = mountSetting(scriptedFetch(json(200, learning(3, false))).fetch);
    await flushPromises();
    expect(few.get('[data-testid="learning-count"]').text()).toBe('Linnet starts learning from your corrections after 10; so far 3.');
    expect(few.find('[data-testid="learning-reset"]').exists()).toBe(false);
  });

  it('asks before it resets, with the safe answer focused, and Keep it changes nothing', async () => {
    const { fetch, calls } = scriptedFetch(json(200, learning(12, true)));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('#learning-reset-confirm-question').text()).toBe(LEARNING_TEXT.question);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="learning-reset-confirm-cancel"]').element);
    await wrapper.get('[data-testid="learning-reset-confirm-cancel"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="learning-reset-confirm"]').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="learning-reset"]').element);
    expect(calls).toHaveLength(1);
  });

  it('closes the question on Escape, like Keep it, and gives focus back to Reset', async () => {
    const { fetch, calls } = scriptedFetch(json(200, learning(12, true)));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset-confirm"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[data-testid="learning-reset-confirm"]').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="learning-reset"]').element);
    expect(calls).toHaveLength(1);
  });

  it('holds both answers while the reset is under way, so a second press sends nothing', async () => {
    let answer: (response: Response) => void = () => undefined;
    const calls: string[] = [];
    const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push(init?.method ?? 'GET');
      if (calls.length === 1) return json(200, learning(12, true))();
      return new Promise<Response>((resolve) => (answer = resolve));
    }) as typeof globalThis.fetch;
    const wrapper = mountSetting(fetch);
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset"]').trigger('click');
    await wrapper.get('[data-testid="learning-reset-confirm-confirm"]').trigger('click');
    await flushPromises();
    const answers = ['cancel', 'confirm'].map((which) => wrapper.get(`[data-testid="learning-reset-confirm-${which}"]`).attributes('disabled'));
    expect(answers).toEqual(['', '']);
    await wrapper.get('[data-testid="learning-reset-confirm-confirm"]').trigger('click');
    answer(json(200, learning(0, false))());
    await flushPromises();
    expect(calls).toEqual(['GET', 'DELETE']);
    expect(wrapper.get('[data-testid="learning-message"]').text()).toBe(LEARNING_TEXT.done);
  });

  it('resets on Forget it and says so in a status line', async () => {
    const { fetch, calls } = scriptedFetch(json(200, learning(12, true)), json(200, { ...learning(0, false), reset_at: '2026-12-01T05:00:00.000Z' }));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset"]').trigger('click');
    await wrapper.get('[data-testid="learning-reset-confirm-confirm"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ url: '/learning', method: 'DELETE' });
    expect(wrapper.find('[data-testid="learning-count"]').exists()).toBe(false);
    const status = wrapper.get('[data-testid="learning-message"]');
    expect(status.text()).toBe(LEARNING_TEXT.done);
  });

  it('moves focus to the line saying it was reset, since the Reset button that had it is gone', async () => {
    const { fetch } = scriptedFetch(json(200, learning(12, true)), json(200, learning(0, false)));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset"]').trigger('click');
    await wrapper.get('[data-testid="learning-reset-confirm-confirm"]').trigger('click');
    await flushPromises();
    const line = wrapper.get('[data-testid="learning-message"]');
    expect(wrapper.find('[data-testid="learning-reset"]').exists()).toBe(false);
    expect(document.activeElement).toBe(line.element);
    expect(document.activeElement).not.toBe(document.body);
    // Read once, as the focused line: not announced a second time as a live region.
    expect([line.attributes('tabindex'), line.attributes('role')]).toEqual(['-1', undefined]);
  });

  it('says a failed reset in a status line, focus staying on the question', async () => {
    const { fetch } = scriptedFetch(json(200, learning(12, true)), json(503, { detail: 'x', code: 'storage_unavailable' }));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset-confirm-confirm"]').trigger('click');
    await flushPromises();
    const line = wrapper.get('[data-testid="learning-message"]');
    expect([line.attributes('role'), line.attributes('tabindex')]).toEqual(['status', undefined]);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="learning-reset-confirm-cancel"]').element);
  });

  it('keeps the question open and says so when the reset fails', async () => {
    const { fetch } = scriptedFetch(json(200, learning(12, true)), json(503, { detail: 'x', code: 'storage_unavailable' }));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    await wrapper.get('[data-testid="learning-reset"]').trigger('click');
    await wrapper.get('[data-testid="learning-reset-confirm-confirm"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="learning-message"]').text()).toBe(LEARNING_TEXT.failed);
    expect(wrapper.get('[data-testid="learning-count"]').text()).toBe('Linnet has learned from 12 of your corrections');
    expect(wrapper.find('[data-testid="learning-reset-confirm"]').exists()).toBe(true);
  });

  it('reads the count again after a correction from this device', async () => {
    const { fetch, calls } = scriptedFetch(json(200, learning(11, true)), json(200, learning(12, true)));
    const wrapper = mountSetting(fetch);
    await flushPromises();
    useSettings().correctionsGiven.value++;
    await flushPromises();
    expect(calls).toHaveLength(2);
    expect(wrapper.get('[data-testid="learning-count"]').text()).toBe('Linnet has learned from 12 of your corrections');
  });
});
