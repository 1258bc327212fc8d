import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { transcriptEvent } from '@linnet/shared/testing';
import { createKeptApi } from '../lib/kept-api';
import { HISTORY_SCREEN_TEXT } from '../lib/text-history';
import { flushPromises, json, scriptedFetch } from '../test/fakes';
import HistoryScreen from './HistoryScreen.vue';

function mountScreen(...answers: Parameters<typeof scriptedFetch>) {
  const { fetch, calls } = scriptedFetch(...answers);
  // Attached, so focus moves as it does in a browser.
  const host = document.createElement('div');
  document.body.append(host);
  const wrapper = mount(HistoryScreen, { props: { options: { api: createKeptApi({ fetch }) } }, attachTo: host });
  return { wrapper, calls };
}

const SUMMARY = {
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
const LIST = json(200, { count: 1, sessions: [SUMMARY], next_before: null });
const KEPT = json(200, { ...SUMMARY, settings: { elcor: false, window_ms: 1000, transcribe: true }, speaker_baseline: null, events: [] });
const focusedTestId = () => document.activeElement?.getAttribute('data-testid');

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
    const { wrapper, calls } = mountScreen(LIST, json(200, { deleted: 1 }));
    await flushPromises();
    await wrapper.get('[data-testid="history-delete-all"]').trigger('click');
    await wrapper.get('[data-testid="history-delete-all-confirm-cancel"]').trigger('click');
    expect(calls).toHaveLength(1);
    await wrapper.get('[data-testid="history-delete-all"]').trigger('click');
    await wrapper.get('[data-testid="history-delete-all-confirm-confirm"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ url: '/sessions', method: 'DELETE' });
    expect(wrapper.get('[data-testid="history-notice"]').text()).toBe('1 conversation deleted.');
    expect(wrapper.get('[data-testid="history-empty"]').text()).toBe(HISTORY_SCREEN_TEXT.empty);
    // Delete all is gone with the list: focus goes to the screen's heading, not to <body>.
    expect(document.activeElement).toBe(wrapper.get('#history-title').element);
  });

  it('asks "Delete all" like every question in the app: the safe answer focused, Esc cancels, focus back on Delete all', async () => {
    const { wrapper, calls } = mountScreen(LIST);
    await flushPromises();
    await wrapper.get('[data-testid="history-delete-all"]').trigger('click');
    await flushPromises();
    const question = wrapper.get('[data-testid="history-delete-all-confirm"]');
    expect(question.get('p').text()).toBe(HISTORY_SCREEN_TEXT.confirmDeleteAll);
    expect(question.attributes('aria-labelledby')).toBe('history-delete-all-confirm-question');
    expect(focusedTestId()).toBe('history-delete-all-confirm-cancel');
    await question.trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[data-testid="history-delete-all-confirm"]').exists()).toBe(false);
    expect(focusedTestId()).toBe('history-delete-all');
    expect(calls).toHaveLength(1);
  });

  it('asks before deleting an open conversation the same way, and deletes it only on "Yes, delete"', async () => {
    const { wrapper, calls } = mountScreen(LIST, KEPT, json(200, { deleted: 1 }));
    await flushPromises();
    await wrapper.get('[data-testid="history-item-open"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="kept-delete"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="kept-delete-confirm"] p').text()).toBe(HISTORY_SCREEN_TEXT.confirmDelete);
    expect(focusedTestId()).toBe('kept-delete-confirm-cancel');
    await wrapper.get('[data-testid="kept-delete-confirm"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[data-testid="kept-delete-confirm"]').exists()).toBe(false);
    expect(focusedTestId()).toBe('kept-delete');
    expect(calls).toHaveLength(2);
    await wrapper.get('[data-testid="kept-delete"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="kept-delete-confirm-confirm"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ url: `/sessions/${SUMMARY.session_id}`, method: 'DELETE' });
    expect(wrapper.get('[data-testid="history-notice"]').text()).toBe(HISTORY_SCREEN_TEXT.deleted);
    expect(document.activeElement).toBe(wrapper.get('#history-title').element);
  });

  it("names each kept caption's speaker when the call had two voices", async () => {
    const events = [
      { id: 1, event: transcriptEvent({ session_id: SUMMARY.session_id, plain_text: 'hello there', speaker_id: 'speaker_a', timestamp: 1 }) },
      { id: 2, event: transcriptEvent({ session_id: SUMMARY.session_id, plain_text: 'good morning', speaker_id: 'speaker_b', timestamp: 3 }) },
    ];
    const { wrapper } = mountScreen(LIST, json(200, { ...SUMMARY, settings: { elcor: false, window_ms: 1000, transcribe: true }, speaker_baseline: null, events }));
    await flushPromises();
    await wrapper.get('[data-testid="history-item-open"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="kept-caption-speaker"]').map((name) => name.text())).toEqual(['Speaker A:', 'Speaker B:']);
  });

  it('holds both answers while a delete is under way, so a second tap sends nothing', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { wrapper, calls } = mountScreen(LIST, () => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response);
    await flushPromises();
    await wrapper.get('[data-testid="history-delete-all"]').trigger('click');
    await wrapper.get('[data-testid="history-delete-all-confirm-confirm"]').trigger('click');
    await flushPromises();
    const answers = ['cancel', 'confirm'].map((which) => wrapper.get(`[data-testid="history-delete-all-confirm-${which}"]`).attributes('disabled'));
    expect(answers).toEqual(['', '']);
    await wrapper.get('[data-testid="history-delete-all-confirm-confirm"]').trigger('click');
    answer(json(200, { deleted: 1 })());
    await flushPromises();
    expect(calls.map((c) => c.method)).toEqual(['GET', 'DELETE']);
  });
});
