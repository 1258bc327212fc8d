import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ConfirmStrip from './ConfirmStrip.vue';

function mountStrip(busy = false) {
  const host = document.createElement('div');
  document.body.append(host);
  return mount(ConfirmStrip, { props: { kind: 'kept-delete', busy }, attachTo: host });
}

describe('ConfirmStrip', () => {
  it('opens with focus on the safe answer, and Esc answers it', async () => {
    const wrapper = mountStrip();
    expect(document.activeElement).toBe(wrapper.get('[data-testid="kept-delete-confirm-cancel"]').element);
    await wrapper.trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted()).toMatchObject({ cancel: [[]] });
    expect(wrapper.emitted('confirm')).toBeUndefined();
  });

  it('gives focus back to the safe answer when a failed change lost it to <body>', async () => {
    const wrapper = mountStrip(true);
    // What a browser does to a focused button that becomes disabled.
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    await wrapper.setProps({ busy: false });
    expect(document.activeElement).toBe(wrapper.get('[data-testid="kept-delete-confirm-cancel"]').element);
  });

  it('leaves focus where the user moved it meanwhile', async () => {
    const wrapper = mountStrip(true);
    const elsewhere = document.body.appendChild(document.createElement('button'));
    elsewhere.focus();
    await wrapper.setProps({ busy: false });
    expect(document.activeElement).toBe(elsewhere);
  });
});
