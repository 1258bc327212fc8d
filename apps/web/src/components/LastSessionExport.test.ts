import { mount } from '@vue/test-utils';
import { SESSION_ID } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { flushPromises, json, scriptedFetch } from '../test/fakes';
import LastSessionExport from './LastSessionExport.vue';

async function endedSession(status: number) {
  const { fetch, calls } = scriptedFetch(
    json(status, status === 200 ? { session_id: SESSION_ID, state: 'stopped', elcor: false } : { detail: 'session not found', code: 'session_not_found' }),
  );
  const wrapper = mount(LastSessionExport, { props: { sessionId: SESSION_ID, fetch } });
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 0));
  await wrapper.vm.$nextTick();
  return { wrapper, calls };
}

describe('LastSessionExport', () => {
  it('offers the last session export while the server still has the session', async () => {
    const { wrapper, calls } = await endedSession(200);
    expect(calls).toEqual([{ url: `/session/${SESSION_ID}`, method: 'GET' }]);
    expect(wrapper.get('[data-testid="export-button"]').text()).toBe('Export last session');
  });

  it('offers no export once the server has forgotten the session', async () => {
    const { wrapper } = await endedSession(404);
    expect(wrapper.find('[data-testid="export-button"]').exists()).toBe(false);
  });
});
