import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createKeptApi } from '../lib/kept-api';
import { HISTORY_SCREEN_TEXT } from '../lib/text-history';
import { flushPromises, json, scriptedFetch } from '../test/fakes';
import HistoryScreen from './HistoryScreen.vue';

function mountScreen(...answers: Parameters<typeof scriptedFetch>) {
  const { fetch, calls } = scriptedFetch(...answers);
  const wrapper = mount(HistoryScreen, { props: { options: { api: createKeptApi({ fetch }) } } });
  return { wrapper, calls };
}

describe('HistoryScreen', () => {
  it('says in plain words that nothing is kept yet, and offers no Delete all', async () => {
    const { wrapper } = mountScreen(json(200, { count: 0, sessions: [], next_before: null }));
    await flushPromises();
    expect(wrapper.get('[data-testid="history-empty"]').text()).toBe(HISTORY_SCREEN_TEXT.empty);
    expect(wrapper.find('[data-testid="history-delete-all"]').exists()).toBe(false);
  });

  it('says when the list cannot be loaded, and loads it again on "Try again"', async () => {
    const { wrapper, calls } = mountScreen(new TypeError('offline'), json(200, { count: 0, sessions: [], next_before: null }));
    await flushPromises();
    expect(wrapper.get('[data-testid="history-error"]').attributes('role')).toBe('alert');
    expect(wrapper.get('[data-testid="history-error"]').text()).toContain(HISTORY_SCREEN_TEXT.failed);
    await wrapper.get('[data-testid="history-retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="history-error"]').exists()).toBe(false);
    expect(calls.map((c) => c.url)).toEqual(['/sessions?limit=20', '/sessions?limit=20']);
  });

  it('asks before deleting everything, and deletes only on "Yes, delete"', async () => {
    const summary = {
      session_id: 'Zk3_-aQ9vX0pLmN2bC4dEw',
      started_at: '2026-12-01T10:00:00.000Z',
      ended_at: '2026-12-01T10:00:30.000Z',
      duration_s: 30,
      end_reason: 'client',
      first_words: 'hello',
      tones: [],
      caption_count: 1,
      event_count: 5,
      resumed_from: null,
    };
    const { wrapper, calls } = mountScreen(json(200, { count: 1, sessions: [summary], next_before: null }), json(200, { deleted: 1 }));
    await flushPromises();
    await wrapper.get('[data-testid="history-delete-all"]').trigger('click');
    await wrapper.get('[data-testid="history-delete-all-no"]').trigger('click');
    expect(calls).toHaveLength(1);
    await wrapper.get('[data-testid="history-delete-all"]').trigger('click');
    await wrapper.get('[data-testid="history-delete-all-yes"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ url: '/sessions', method: 'DELETE' });
    expect(wrapper.get('[data-testid="history-notice"]').text()).toBe('1 conversation deleted.');
    expect(wrapper.get('[data-testid="history-empty"]').text()).toBe(HISTORY_SCREEN_TEXT.empty);
  });
});
