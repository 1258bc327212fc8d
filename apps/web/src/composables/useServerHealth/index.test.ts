import { afterEach, describe, expect, it } from 'vitest';
import { json, scriptedFetch } from '../../test/fakes';
import { resetServerHealth, useServerHealth } from './index';

const HEALTH = { status: 'ok', service: 'linnet' } as const;

describe('useServerHealth', () => {
  afterEach(resetServerHealth);

  it('says the server cannot keep when /health answers storage "unavailable", and nothing is wrong otherwise', async () => {
    const { fetch, calls } = scriptedFetch(json(200, { ...HEALTH, storage: 'unavailable' }));
    const health = useServerHealth({ fetch, navigator: { onLine: true } });
    await health.check();
    expect(calls).toEqual([{ url: '/health', method: 'GET' }]);
    expect([health.problem.value, health.canKeep.value]).toEqual([null, false]);
  });

  it('offers keeping again on a server whose storage is ok, or that says nothing about storage', async () => {
    const { fetch } = scriptedFetch(json(200, { ...HEALTH, storage: 'unavailable' }), json(200, { ...HEALTH, storage: 'ok' }), json(200, { ...HEALTH, storage: 'unavailable' }), json(200, HEALTH));
    const health = useServerHealth({ fetch, navigator: { onLine: true } });
    const seen: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      await health.check();
      seen.push(health.canKeep.value);
    }
    expect(seen).toEqual([false, true, false, true]);
  });

  it('shares one answer: what one caller checked, another caller reads without asking again', async () => {
    const { fetch, calls } = scriptedFetch(json(200, { ...HEALTH, storage: 'unavailable' }));
    await useServerHealth({ fetch, navigator: { onLine: true } }).check();
    const reader = useServerHealth({ fetch, navigator: { onLine: true } });
    expect([reader.problem.value, reader.canKeep.value, calls.length]).toEqual([null, false, 1]);
  });

  it('says the server is away when /health fails or does not answer, keeping what it knew about storage', async () => {
    const { fetch } = scriptedFetch(json(200, { ...HEALTH, storage: 'unavailable' }), json(502, { detail: 'bad gateway' }), new TypeError('Failed to fetch'));
    const health = useServerHealth({ fetch, navigator: { onLine: true } });
    await health.check();
    await health.check();
    expect([health.problem.value, health.canKeep.value]).toEqual(['serverAway', false]);
    await health.check();
    expect([health.problem.value, health.canKeep.value]).toEqual(['serverAway', false]);
  });

  it('says the phone is offline without asking the server', async () => {
    const { fetch, calls } = scriptedFetch();
    const health = useServerHealth({ fetch, navigator: { onLine: false } });
    await health.check();
    expect([health.problem.value, calls.length]).toEqual(['offline', 0]);
  });
});
