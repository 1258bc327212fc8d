import { SESSION_ID } from '@linnet/shared/testing';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetServerHealth, useServerHealth } from '../composables/useServerHealth';
import { resetSettings, useSettings } from '../composables/useSettings';
import { createKeptApi } from '../lib/kept-api';
import { CORRECTION_TEXT } from '../lib/text-history';
import { flushPromises, json, scriptedFetch } from '../test/fakes';
import CorrectionControl from './CorrectionControl.vue';

/** A fetch that answers 201 and records each JSON body it was sent. */
function recordingFetch(status = 201) {
  const bodies: unknown[] = [];
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return status === 201 ? json(201, { correction_id: bodies.length, total: bodies.length })() : json(status, { detail: 'x', code: 'event_not_found' })();
  }) as typeof globalThis.fetch;
  return { fetch, bodies };
}

function mountControl(fetch: typeof globalThis.fetch) {
  const host = document.createElement('div');
  document.body.append(host);
  return mount(CorrectionControl, {
    props: { sessionId: SESSION_ID, eventId: 7, label: 'Tense', api: createKeptApi({ fetch }) },
    attachTo: host,
  });
}

describe('CorrectionControl', () => {
  beforeEach(() => {
    localStorage.clear();
    resetSettings();
    resetServerHealth();
  });

  it('names its buttons with the label they rate', () => {
    const wrapper = mountControl(recordingFetch().fetch);
    expect(wrapper.get('[data-testid="correction-up"]').attributes('aria-label')).toBe('Right: Tense');
    expect(wrapper.get('[data-testid="correction-down"]').attributes('aria-label')).toBe('Wrong: Tense');
  });

  it('sends a thumbs up for the event, thanks the user and counts it', async () => {
    const { fetch, bodies } = recordingFetch();
    const wrapper = mountControl(fetch);
    await wrapper.get('[data-testid="correction-up"]').trigger('click');
    await flushPromises();
    expect(bodies).toEqual([{ session_id: SESSION_ID, event_id: 7, rating: 'up', share: false }]);
    expect(wrapper.get('[data-testid="correction-message"]').text()).toBe(CORRECTION_TEXT.thanks);
    expect(wrapper.get('[data-testid="correction-up"]').attributes('aria-pressed')).toBe('true');
    expect(useSettings().correctionsGiven.value).toBe(1);
  });

  it('opens the picker on thumbs down with focus on the first other label (not the one marked wrong), and sends the chosen label, note and opt-in', async () => {
    const { fetch, bodies } = recordingFetch();
    const wrapper = mountControl(fetch);
    await wrapper.get('[data-testid="correction-down"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="correction-down"]').attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('[data-testid="correction-legend"]').text()).toBe('Not Tense. What was it instead?');
    // "Tense" was marked wrong, so it is not offered as its own correction; the first other label has focus and is chosen.
    expect(wrapper.find('[data-testid="correction-choice-Tense"]').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="correction-choice-Calm"]').element);
    expect(wrapper.get<HTMLInputElement>('[data-testid="correction-choice-Calm"]').element.checked).toBe(true);
    await wrapper.get('[data-testid="correction-choice-Hesitant"]').trigger('change');
    await wrapper.get('[data-testid="correction-note"]').setValue('  she was joking  ');
    await wrapper.get('[data-testid="correction-share"]').setValue(true);
    await wrapper.get('[data-testid="correction-picker"]').trigger('submit');
    await flushPromises();
    expect(bodies).toEqual([{ session_id: SESSION_ID, event_id: 7, rating: 'down', corrected_label: 'Hesitant', note: 'she was joking', share: true }]);
    expect(wrapper.find('[data-testid="correction-picker"]').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="correction-down"]').element);
    expect(useSettings().correctionsGiven.value).toBe(1);
  });

  it('asks plainly what a caption without a tone was', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const wrapper = mount(CorrectionControl, {
      props: { sessionId: SESSION_ID, eventId: 7, label: 'no tone', api: createKeptApi({ fetch: recordingFetch().fetch }) },
      attachTo: host,
    });
    await wrapper.get('[data-testid="correction-down"]').trigger('click');
    expect(wrapper.get('[data-testid="correction-legend"]').text()).toBe('What was it?');
  });

  it('offers "None of these" and sends it as none', async () => {
    const { fetch, bodies } = recordingFetch();
    const wrapper = mountControl(fetch);
    await wrapper.get('[data-testid="correction-down"]').trigger('click');
    await wrapper.get('[data-testid="correction-choice-none"]').trigger('change');
    await wrapper.get('[data-testid="correction-picker"]').trigger('submit');
    await flushPromises();
    expect(bodies).toEqual([{ session_id: SESSION_ID, event_id: 7, rating: 'down', corrected_label: 'none', share: false }]);
  });

  it('corrects the label that was shown when the picker opened, even after a newer label arrives', async () => {
    const { fetch, bodies } = recordingFetch();
    const wrapper = mountControl(fetch);
    await wrapper.get('[data-testid="correction-down"]').trigger('click');
    await wrapper.setProps({ eventId: 9, label: 'Calm' });
    // The choices still leave out the label marked wrong ("Tense"), not the newer one.
    expect(wrapper.find('[data-testid="correction-choice-Tense"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="correction-choice-Calm"]').exists()).toBe(true);
    // And it says so: the card above may already show the newer label.
    expect(wrapper.get('[data-testid="correction-legend"]').text()).toBe('Not Tense. What was it instead?');
    await wrapper.get('[data-testid="correction-choice-Animated"]').trigger('change');
    await wrapper.get('[data-testid="correction-picker"]').trigger('submit');
    await flushPromises();
    expect(bodies).toEqual([{ session_id: SESSION_ID, event_id: 7, rating: 'down', corrected_label: 'Animated', share: false }]);
  });

  it('closes on Escape without sending and gives focus back to thumbs down', async () => {
    const { fetch, bodies } = recordingFetch();
    const wrapper = mountControl(fetch);
    await wrapper.get('[data-testid="correction-down"]').trigger('click');
    await wrapper.get('[data-testid="correction-picker"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[data-testid="correction-picker"]').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="correction-down"]').element);
    expect(bodies).toEqual([]);
  });

  it('says in plain words when the correction could not be sent, and does not count it', async () => {
    const wrapper = mountControl(recordingFetch(404).fetch);
    await wrapper.get('[data-testid="correction-up"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="correction-message"]').text()).toBe(CORRECTION_TEXT.failed);
    expect(useSettings().correctionsGiven.value).toBe(0);
  });

  it('offers no ✓ or ✗ (renders nothing) on a server whose /health says storage is unavailable', async () => {
    const health = useServerHealth({ fetch: scriptedFetch(json(200, { status: 'ok', service: 'linnet', storage: 'unavailable' })).fetch });
    await health.check();
    const { fetch, bodies } = recordingFetch();
    for (const mode of ['inline', 'thumbs', 'picker'] as const) {
      const wrapper = mount(CorrectionControl, { props: { sessionId: SESSION_ID, eventId: 7, label: 'Tense', mode, api: createKeptApi({ fetch }) } });
      await flushPromises();
      expect(wrapper.find('[data-testid="correction"]').exists(), mode).toBe(false);
      expect(wrapper.find('button').exists(), mode).toBe(false);
    }
    expect(bodies).toEqual([]);
  });

  it('hides every ✓/✗ once the server refuses a correction as unstorable, saying why where the user pressed', async () => {
    const { fetch } = scriptedFetch(json(503, { detail: 'This Linnet server cannot keep conversations', code: 'keeping_unavailable' }));
    const wrapper = mountControl(fetch);
    const other = mountControl(recordingFetch().fetch);
    await wrapper.get('[data-testid="correction-up"]').trigger('click');
    await flushPromises();
    expect(useServerHealth().canKeep.value).toBe(false);
    expect(wrapper.get('[data-testid="correction-message"]').text()).toBe('This Linnet server cannot store corrections.');
    expect(wrapper.find('[data-testid="correction-up"]').exists()).toBe(false);
    expect(other.find('[data-testid="correction"]').exists()).toBe(false);
    expect(useSettings().correctionsGiven.value).toBe(0);
  });
});
