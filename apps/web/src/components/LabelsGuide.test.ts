import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import LabelsGuide from './LabelsGuide.vue';
import { TONE_LABEL_LINES } from '../lib/text-screens';
import { TREND_TEXT } from '../lib/text-live';
import { TONE_RELIABILITY } from '../lib/tone-reliability';

describe('LabelsGuide', () => {
  it("shows each tone label's held-out precision from the eval's figures", () => {
    const wrapper = mount(LabelsGuide);
    const lines = wrapper.findAll('[data-testid="labels-tone"]');
    expect(lines).toHaveLength(8);
    for (const row of TONE_RELIABILITY.labels) {
      const line = lines.find((item) => item.find('dt').text() === row.label);
      expect(line?.find('[data-testid="labels-precision"]').text()).toBe(
        `Right ${Math.round(row.precision * 100)}%.`,
      );
      // Each sentence ends before the next begins, with a space between (not "stands out.Right").
      expect(line?.find('dd').text()).not.toMatch(/\.\S/);
    }
  });

  it('explains the trend line in the words the card uses', () => {
    const text = mount(LabelsGuide).find('[data-testid="labels-trend"]').text();
    expect(text).toContain(`“${TREND_TEXT.escalating}”`);
    expect(text).toContain(`“${TREND_TEXT['de-escalating'].replace(/^Trend: /, '')}”`);
  });

  it('says what a phone line and an echoing room do to the labels and the captions', () => {
    const text = mount(LabelsGuide).find('[data-testid="labels-lines"]').text();
    expect(text).toMatch(/phone line/);
    expect(text).toMatch(/echoing room/);
    expect(text).toMatch(/Captions/);
  });

  it('separates the meaning, the reliability and the held-out figure with spaces', () => {
    const wrapper = mount(LabelsGuide);
    const calm = wrapper.findAll('[data-testid="labels-tone"]').find((item) => item.find('dt').text() === 'Calm')!;
    const { meaning, reliability } = TONE_LABEL_LINES.find((line) => line.label === 'Calm')!;
    const precision = calm.get('[data-testid="labels-precision"]').text();
    expect(calm.get('dd').element.textContent!.replace(/\s+/g, ' ').trim()).toBe(`${meaning} ${reliability} ${precision}`);
  });

  it('writes every percentage the English way, the sign against the number ("31%", not "31 %")', () => {
    const text = mount(LabelsGuide).text();
    expect(text).toMatch(/\d%/);
    expect(text).not.toMatch(/\d\s%/);
  });

  it('quotes no precision for a label the eval never showed, rather than "Right 0%"', () => {
    const reliability = { ...TONE_RELIABILITY, labels: TONE_RELIABILITY.labels.map((row) => (row.label === 'Rushed' ? { ...row, shown: 0, precision: 0, ece: 0 } : row)) };
    const lines = mount(LabelsGuide, { props: { reliability } }).findAll('[data-testid="labels-tone"]');
    const rushed = lines.find((item) => item.find('dt').text() === 'Rushed')!;
    expect(rushed.find('[data-testid="labels-precision"]').exists()).toBe(false);
    expect(lines.filter((item) => item.find('[data-testid="labels-precision"]').exists())).toHaveLength(7);
  });
});
