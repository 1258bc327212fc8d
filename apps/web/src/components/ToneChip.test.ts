import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { spokenText } from '../test/spoken';
import ToneChip from './ToneChip.vue';

describe('ToneChip', () => {
  it('shows a tone heard in the voice as a filled chip: the label, then how sure', () => {
    const chip = mount(ToneChip, { props: { tone: { label: 'Tense', confidence: 0.9 } } });
    expect(chip.attributes('data-source')).toBe('voice');
    expect(chip.text()).toBe('Tense, very likely');
    expect(chip.find('.chip-tag').exists()).toBe(false);
    expect(chip.find('[data-testid="tone-source"]').exists()).toBe(false);
  });

  it('marks a tone read from the words: outlined, tagged "· words" on screen and read as "from the words"', () => {
    const chip = mount(ToneChip, { props: { tone: { label: 'Questioning', confidence: 0.579, source: 'words' } } });
    expect(chip.attributes('data-source')).toBe('words');
    expect(chip.get('.chip-tag').text()).toBe('· words');
    expect(chip.get('.chip-tag').attributes('aria-hidden')).toBe('true');
    expect(spokenText(chip.element)).toBe('Questioning, possibly, from the words');
  });
});
