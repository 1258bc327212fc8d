import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { FakeDocument, flushPromises } from '../../test/fakes';
import { useWakeLock, type WakeLockNavigator } from './index';

class FakeSentinel extends EventTarget {
  released = false;
  readonly type = 'screen';
  onrelease = null;
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.dispatchEvent(new Event('release'));
  }
}

function fakeNavigator(deny = false) {
  const sentinels: FakeSentinel[] = [];
  const navigator: WakeLockNavigator = {
    wakeLock: {
      request: async () => {
        if (deny) throw new DOMException('denied', 'NotAllowedError');
        const sentinel = new FakeSentinel();
        sentinels.push(sentinel);
        return sentinel as unknown as WakeLockSentinel;
      },
    },
  };
  return { navigator, sentinels };
}

function setup(navigator: WakeLockNavigator) {
  const document = new FakeDocument();
  const scope = effectScope();
  const lock = scope.run(() => useWakeLock({ navigator, document: document as unknown as Document }))!;
  return { lock, document, scope };
}

describe('useWakeLock', () => {
  it('acquires a screen lock when supported and releases it on release()', async () => {
    const { navigator, sentinels } = fakeNavigator();
    const { lock } = setup(navigator);
    expect(lock.isSupported.value).toBe(true);
    await lock.acquire();
    expect(lock.active.value).toBe(true);
    expect(sentinels).toHaveLength(1);
    await lock.release();
    expect(lock.active.value).toBe(false);
    expect(sentinels[0]!.released).toBe(true);
  });

  it('reports unsupported and stays inactive without throwing', async () => {
    const { lock } = setup({});
    expect(lock.isSupported.value).toBe(false);
    await expect(lock.acquire()).resolves.toBeUndefined();
    expect(lock.active.value).toBe(false);
  });

  it('degrades silently when the request is denied', async () => {
    const { navigator } = fakeNavigator(true);
    const { lock } = setup(navigator);
    await expect(lock.acquire()).resolves.toBeUndefined();
    expect(lock.isSupported.value).toBe(true);
    expect(lock.active.value).toBe(false);
  });

  it('re-acquires when the page becomes visible after the browser dropped the lock on hide', async () => {
    const { navigator, sentinels } = fakeNavigator();
    const { lock, document } = setup(navigator);
    await lock.acquire();
    // Browsers release the lock themselves when the page is hidden.
    document.setVisibility('hidden');
    await sentinels[0]!.release();
    expect(lock.active.value).toBe(false);
    document.setVisibility('visible');
    await flushPromises();
    expect(sentinels).toHaveLength(2);
    expect(lock.active.value).toBe(true);
  });

  it('does not re-acquire on visible after the caller released it', async () => {
    const { navigator, sentinels } = fakeNavigator();
    const { lock, document } = setup(navigator);
    await lock.acquire();
    await lock.release();
    document.setVisibility('hidden');
    document.setVisibility('visible');
    await flushPromises();
    expect(sentinels).toHaveLength(1);
    expect(lock.active.value).toBe(false);
  });

  it('releases the lock when its scope is disposed', async () => {
    const { navigator, sentinels } = fakeNavigator();
    const { lock, scope } = setup(navigator);
    await lock.acquire();
    scope.stop();
    await flushPromises();
    expect(sentinels[0]!.released).toBe(true);
  });
});
