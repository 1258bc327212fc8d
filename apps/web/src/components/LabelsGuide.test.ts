import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import LabelsGuide from './LabelsGuide.vue';
import { TONE_RELIABILITY } from '../lib/tone-reliability';

describe('LabelsGuide', () => {
  it("shows each tone label's held-out precision from the eval's figures", () => {
    const wrapper = mount(LabelsGuide);
    const lines = wrapper.findAll('[data-testid="labels-tone"]');
    expect(lines).toHaveLength(8);
    for (const row of TONE_RELIABILITY.labels) {
      const line = lines.find((item) => item.find('dt').text() === row.label);
      expect(line?.find('[data-testid="labels-precision"]').text()).toBe(
        `Right ${Math.round(row.precision * 100)} % of the times it was shown on synthetic voices it was not tuned on.`,
      );
    }
  });
});
