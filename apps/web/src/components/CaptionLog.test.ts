import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serviceEvent, SESSION_ID, transcriptEvent } from '@linnet/shared/testing';
import { useSessionStore } from '../stores/session';
import { flushPromises } from '../test/fakes';
import { spokenText, withoutHidden } from '../test/spoken';
import { useSettings } from '../composables/useSettings';
import CaptionLog from './CaptionLog.vue';

function mountLog() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useSessionStore();
  store.begin({ session_id: SESSION_ID, state: 'running', elcor: false });
  const wrapper = mount(CaptionLog, { global: { plugins: [pinia] }, attachTo: document.body });
  return { wrapper, store };
}

/** Text of each block of a caption line (words, then the meta line), spaces normalised. */
function blocks(line: Element): string {
  return [...line.children].map((block) => (block.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' ');
}

const tone = { label: 'Tense', confidence: 0.7, subtext: 'Tight and fast.' };

describe('CaptionLog', () => {
  it('renders each caption with its words, tone chip and session time', async () => {
    const { wrapper, store } = mountLog();
    store.applyEvent(transcriptEvent({ text: 'fine go on', timestamp: 72.6, start: 72.6, tone }));
    await wrapper.vm.$nextTick();
    const line = wrapper.get('[data-testid="caption-line"]');
    expect(line.get('[data-testid="caption-text"]').text()).toBe('fine go on');
    expect(line.get('[data-testid="caption-tone"]').text()).toBe('Tense, likely');
    expect(line.get('[data-testid="caption-time"]').text()).toBe('01:12');
    expect(line.get('[data-testid="caption-time"]').attributes('datetime')).toBe('PT72S');
  });

  it('says a Questioning read from the words was read from them, on the chip and in the announcement, and nothing on a voice tone', async () => {
    const { wrapper, store } = mountLog();
    const fromWords = { label: 'Questioning', confidence: 0.873, subtext: 'worded as a question; they may expect an answer', source: 'words' as const };
    store.applyEvent(transcriptEvent({ text: 'is it ready', tone: fromWords }), 0, 1);
    await flushPromises();
    expect(wrapper.get('[data-testid="caption-announcer"]').text().replace(/\s+/g, ' ')).toContain('is it ready, Questioning, very likely, from the words');
    store.applyEvent(transcriptEvent({ text: 'fine go on', timestamp: 3, tone }), 0, 2);
    await flushPromises();
    const [asked, said] = wrapper.findAll('[data-testid="caption-tone"]');
    // Outlined and tagged on screen; read out in full, without the tag.
    expect(asked!.attributes('data-source')).toBe('words');
    expect(asked!.text()).toBe('Questioning, very likely, from the words· words');
    expect(spokenText(asked!.element)).toBe('Questioning, very likely, from the words');
    expect(said!.attributes('data-source')).toBe('voice');
    expect(said!.text()).toBe('Tense, likely');
    expect(wrapper.findAll('[data-testid="tone-source"]')).toHaveLength(1);
  });

  it('shows no tone chip for a caption without a tone, and no speaker while only one voice has spoken', async () => {
    const { wrapper, store } = mountLog();
    store.applyEvent(transcriptEvent({ text: 'hello' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="caption-tone"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="caption-speaker"]').exists()).toBe(false);
  });

  it('names speakers once a second voice speaks', async () => {
    const { wrapper, store } = mountLog();
    store.applyEvent(transcriptEvent({ text: 'hello', speaker_id: 'speaker_a' }));
    store.applyEvent(transcriptEvent({ text: 'hi', speaker_id: 'speaker_b', timestamp: 2 }));
    await wrapper.vm.$nextTick();
    expect(wrapper.findAll('[data-testid="caption-speaker"]').map((s) => s.text())).toEqual(['Speaker A', 'Speaker B']);
  });

  it('is a log that only gains entries: each caption is added once, and earlier ones stay untouched', async () => {
    const { wrapper, store } = mountLog();
    const log = wrapper.get('[role="log"]');
    // Not live itself: its lines hold the ✓/✗ buttons, which must not be read out with every caption.
    expect(log.attributes()).toMatchObject({ 'aria-live': 'off', 'aria-label': 'Captions' });
    const added: string[] = [];
    const removed: number[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof HTMLElement && node.matches('li')) added.push(blocks(node));
        removed.push(record.removedNodes.length);
      }
    });
    observer.observe(log.element, { childList: true, subtree: true, characterData: true });
    store.applyEvent(transcriptEvent({ text: 'first', tone }));
    await flushPromises();
    await wrapper.vm.$nextTick();
    const firstLine = wrapper.get('[data-testid="caption-line"]').element;
    store.applyEvent(transcriptEvent({ text: 'second', timestamp: 3 }));
    await flushPromises();
    await wrapper.vm.$nextTick();
    observer.disconnect();
    expect(added).toEqual(['00:01 first Tense, likely', '00:03 second']);
    expect(removed.every((count) => count === 0)).toBe(true);
    expect(wrapper.findAll('[data-testid="caption-line"]')[0]!.element).toBe(firstLine);
  });

  it('announces each new caption through a text-only live region: words, then tone, never the buttons', async () => {
    const { wrapper, store } = mountLog();
    const live = wrapper.get('[data-testid="caption-announcer"]');
    expect(live.attributes()).toMatchObject({ 'aria-live': 'polite', 'aria-relevant': 'additions' });
    const added: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLElement) added.push(node.textContent!.replace(/\s+/g, ' ').trim());
    });
    observer.observe(live.element, { childList: true, subtree: true });
    store.applyEvent(transcriptEvent({ text: 'first', tone }), 0, 1);
    await flushPromises();
    store.applyEvent(transcriptEvent({ text: 'second', timestamp: 3 }), 0, 2);
    await flushPromises();
    observer.disconnect();
    expect(added).toEqual(['first, Tense, likely', 'second']);
    expect(live.findAll('button')).toHaveLength(0);
    // The visible lines do hold the rating buttons: that is why they are outside the live region.
    expect(wrapper.get('[role="log"]').findAll('button').length).toBeGreaterThan(0);
  });

  it('keeps a caption in the live region while the next ones arrive, so one that follows within milliseconds cannot drop it', async () => {
    const { wrapper, store } = mountLog();
    const live = wrapper.get('[data-testid="caption-announcer"]');
    const removed: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.removedNodes) removed.push(node.textContent!.replace(/\s+/g, ' ').trim());
    });
    observer.observe(live.element, { childList: true });
    // An utterance cut at its length limit, then the rest of it, in the same tick.
    store.applyEvent(transcriptEvent({ text: 'i planted the roses after i dropped', timestamp: 1 }), 0, 1);
    store.applyEvent(transcriptEvent({ text: 'it in the garden', timestamp: 9 }), 0, 2);
    await flushPromises();
    store.applyEvent(transcriptEvent({ text: 'and then', timestamp: 12 }), 0, 3);
    await flushPromises();
    expect(removed).toEqual([]);
    expect(live.findAll('p').map((line) => line.text())).toEqual(['i planted the roses after i dropped', 'it in the garden', 'and then']);
    // A few hidden lines, not a second copy of the log: the oldest leaves as the fourth arrives.
    store.applyEvent(transcriptEvent({ text: 'fine', timestamp: 14 }), 0, 4);
    await flushPromises();
    observer.disconnect();
    expect(removed).toEqual(['i planted the roses after i dropped']);
    expect(live.findAll('p')).toHaveLength(3);
  });

  it('keeps the words before the tone, so a screen reader hears the caption then how it sounded', async () => {
    const { wrapper, store } = mountLog();
    store.applyEvent(transcriptEvent({ text: 'fine go on', tone }));
    await wrapper.vm.$nextTick();
    expect(blocks(withoutHidden(wrapper.get('[data-testid="caption-line"]').element))).toBe('fine go on Tense, likely');
  });

  it('says where captions will appear until the first one arrives', async () => {
    const { wrapper, store } = mountLog();
    expect(wrapper.get('[data-testid="captions-empty"]').text()).toBe('No captions yet. They appear here once words are recognised.');
    store.applyEvent(transcriptEvent());
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="captions-empty"]').exists()).toBe(false);
  });

  it('does not also say "No captions yet" while a service line says why there are none', async () => {
    const { wrapper, store } = mountLog();
    store.applyEvent(serviceEvent());
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="captions-empty"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="service-notice"]').text()).toBe('Captions unavailable: the server is busy');
  });

  it('shows one service line, and removes it when captions are ready again', async () => {
    const { wrapper, store } = mountLog();
    store.applyEvent(serviceEvent());
    store.applyEvent(serviceEvent());
    await wrapper.vm.$nextTick();
    const lines = wrapper.findAll('[data-testid="service-notice"]');
    expect(lines.map((line) => line.text())).toEqual(['Captions unavailable: the server is busy']);
    expect(lines[0]!.attributes('role')).toBe('status');
    store.applyEvent(serviceEvent({ status: 'ready', code: 'captions_ready', detail: 'Captions ready' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="service-notice"]').exists()).toBe(false);
  });

  it('offers "Jump to latest" once the reader scrolls up, and it brings them back to the newest caption', async () => {
    const { wrapper, store } = mountLog();
    const log = wrapper.get('[role="log"]').element as HTMLElement;
    let height = 1000;
    Object.defineProperty(log, 'scrollHeight', { get: () => height });
    Object.defineProperty(log, 'clientHeight', { get: () => 300 });
    expect(wrapper.find('[data-testid="jump-to-latest"]').exists()).toBe(false);
    await wrapper.vm.$nextTick();
    log.scrollTop = 700;
    log.dispatchEvent(new Event('scroll'));
    log.scrollTop = 100;
    log.dispatchEvent(new Event('scroll'));
    height = 1100;
    store.applyEvent(transcriptEvent({ text: 'while reading back' }));
    await flushPromises();
    await wrapper.vm.$nextTick();
    expect(log.scrollTop).toBe(100);
    const jump = wrapper.get('[data-testid="jump-to-latest"]');
    expect(jump.text()).toContain('Jump to latest');
    await jump.trigger('click');
    expect(log.scrollTop).toBe(1100);
    expect(wrapper.find('[data-testid="jump-to-latest"]').exists()).toBe(false);
  });

  it('follows the chosen caption text size', async () => {
    const { wrapper } = mountLog();
    useSettings().textSize.value = 'larger';
    await wrapper.vm.$nextTick();
    expect(wrapper.get('.captions').attributes('data-size')).toBe('larger');
  });
});

describe('CaptionLog corrections', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('opens a line’s picker below the log, outside its live region, with focus inside, and says "Noted" through the store', async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify({ correction_id: 1, total: 1 }), { status: 201, headers: { 'content-type': 'application/json' } });
    });
    const { wrapper, store } = mountLog();
    store.applyEvent(transcriptEvent({ text: 'fine go on', timestamp: 3, start: 3, tone }), 0, 9);
    await wrapper.vm.$nextTick();
    const cross = wrapper.get('[data-testid="caption-line"] [data-testid="correction-down"]');
    await cross.trigger('click');
    await flushPromises();
    const log = wrapper.get('[data-testid="caption-log"]').element;
    const picker = wrapper.get('[data-testid="correction-picker"]').element;
    expect(log.contains(picker)).toBe(false);
    expect(cross.attributes('aria-expanded')).toBe('true');
    expect(cross.attributes('aria-controls')).toBe(picker.id);
    expect(picker.contains(document.activeElement)).toBe(true);
    await wrapper.get('[data-testid="correction-choice-Hesitant"]').setValue(true);
    await wrapper.get('[data-testid="correction-picker"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="correction-picker"]').exists()).toBe(false);
    expect(store.correctionNoted).toEqual({ text: 'Noted: Hesitant, not Tense.', seq: 1 });
    // Nothing new was added inside the live log, and focus is back on the cross that opened the picker.
    expect(log.querySelector('[data-testid="correction-message"]')).toBeNull();
    expect(document.activeElement).toBe(cross.element);
    expect(useSettings().correctionsGiven.value).toBe(1);
    expect(bodies).toEqual([{ session_id: SESSION_ID, event_id: 9, rating: 'down', corrected_label: 'Hesitant', share: false }]);
    wrapper.unmount();
  });
});
