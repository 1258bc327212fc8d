import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConversationSummary as Summary } from '../composables/useConversationRecord';
import { useSessionStore } from '../stores/session';
import { spokenText } from '../test/spoken';
import ConversationSummary from './ConversationSummary.vue';

function summary(overrides: Partial<Summary> = {}): Summary {
  return {
    sessionId: 'Zk3_-aQ9vX0pLmN2bC4dEw',
    startedAt: '2026-12-01T10:00:00.000Z',
    endedAt: '2026-12-01T10:05:00.000Z',
    captions: [{ seq: 1, text: 'hello there', speakerId: 'speaker_a', start: 65, tone: null, eventId: null }],
    timeline: [
      { at: 2, kind: 'call', text: 'Ringing' },
      { at: 61, kind: 'tone', text: 'Calm' },
    ],
    endedByUser: false,
    afterOutage: false,
    statusAtEnd: 'live',
    ...overrides,
  };
}

function render(props: Summary) {
  setActivePinia(createPinia());
  const store = useSessionStore();
  const wrapper = mount(ConversationSummary, { props: { summary: props } });
  return { store, wrapper };
}

describe('ConversationSummary', () => {
  beforeEach(() => localStorage.clear());

  it("shows each caption's tone as the log did: how sure, and whether it was read from the words", () => {
    const { wrapper } = render(
      summary({
        captions: [
          { seq: 1, text: 'is it ready', speakerId: 'speaker_a', start: 3, eventId: 1, tone: { label: 'Questioning', confidence: 0.579, subtext: 'worded as a question', source: 'words' } },
          { seq: 2, text: 'fine go on', speakerId: 'speaker_a', start: 6, eventId: 2, tone: { label: 'Tense', confidence: 0.9, subtext: 'Tight and fast.' } },
        ],
      }),
    );
    const [asked, said] = wrapper.findAll('[data-testid="summary-caption-tone"]');
    expect(asked!.attributes('data-source')).toBe('words');
    expect(spokenText(asked!.element)).toBe('Questioning, possibly, from the words');
    expect(said!.attributes('data-source')).toBe('voice');
    expect(spokenText(said!.element)).toBe('Tense, very likely');
  });

  it('shows what was said and the timeline with session times, and New conversation', async () => {
    const { wrapper } = render(summary({ endedByUser: true }));
    expect(wrapper.get('[data-testid="summary-reason"]').text()).toBe('You ended this conversation.');
    expect(wrapper.get('[data-testid="summary-caption"]').text()).toBe('01:05hello there');
    expect(wrapper.findAll('[data-testid="summary-timeline-item"]').map((item) => item.text())).toEqual(['00:02Call: Ringing', '01:01Calm']);
    await wrapper.get('[data-testid="new-conversation"]').trigger('click');
    expect(wrapper.emitted('newConversation')).toHaveLength(1);
  });

  it('says whose each caption and tone run was when the conversation had two voices, and nothing with one', () => {
    const { wrapper } = render(
      summary({
        captions: [
          { seq: 1, text: 'hello there', speakerId: 'speaker_a', start: 5, tone: null, eventId: null },
          { seq: 2, text: 'good morning', speakerId: 'speaker_b', start: 9, tone: null, eventId: null },
        ],
        timeline: [
          { at: 2, kind: 'call', text: 'Ringing' },
          { at: 4, kind: 'tone', text: 'Calm', speakerId: 'speaker_a' },
          { at: 8, kind: 'tone', text: 'Hesitant', speakerId: 'speaker_b' },
        ],
      }),
    );
    expect(wrapper.findAll('[data-testid="summary-caption"]').map((item) => item.text())).toEqual(['00:05Speaker A: hello there', '00:09Speaker B: good morning']);
    expect(wrapper.findAll('[data-testid="summary-timeline-item"]').map((item) => item.text())).toEqual([
      '00:02Call: Ringing', '00:04Speaker A: Calm', '00:08Speaker B: Hesitant',
    ]);
  });

  it('lists a tone run as its span and only the latest 12 changes, the earlier ones one tap away', async () => {
    const timeline = Array.from({ length: 15 }, (_, i) => ({ at: i * 10, until: i * 10 + 4, kind: 'tone' as const, text: i % 2 ? 'Tense' : 'Calm' }));
    const { wrapper } = render(summary({ timeline }));
    const items = () => wrapper.findAll('[data-testid="summary-timeline-item"]').map((item) => item.text());
    expect(items()).toHaveLength(12);
    expect(items()[0]).toBe('00:30–00:34Tense');
    expect(items().at(-1)).toBe('02:20–02:24Calm');
    const earlier = wrapper.get('[data-testid="summary-timeline-earlier"]');
    expect(earlier.text()).toBe('Show 3 earlier changes');
    await earlier.trigger('click');
    expect(items()).toHaveLength(15);
    expect(items()[0]).toBe('00:00–00:04Calm');
    expect(wrapper.find('[data-testid="summary-timeline-earlier"]').exists()).toBe(false);
  });

  it.each([
    ['live', false, 'Linnet closed this conversation: no screen was open on it and no sound was arriving for a while.'],
    ['reconnecting', true, 'Linnet’s server restarted while it was out of reach, and this conversation did not survive it.'],
  ] as const)('says why an expired session ended (status at end %s, after an outage %s) in one sentence', async (statusAtEnd, afterOutage, text) => {
    const { store, wrapper } = render(summary({ statusAtEnd, afterOutage }));
    store.expire();
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="expired-notice"]').text()).toBe(text);
    expect(wrapper.find('[data-testid="summary-reason"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="error-message"]').exists()).toBe(false);
  });

  it('gives the server’s own reason for any other ending (a shutdown)', async () => {
    const { store, wrapper } = render(summary());
    store.fail('Linnet’s server shut down, which ended this conversation.');
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="summary-reason"]').text()).toBe('Linnet’s server shut down, which ended this conversation.');
    expect(wrapper.find('[data-testid="error-message"]').exists()).toBe(false);
  });
});
