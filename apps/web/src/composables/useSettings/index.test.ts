import { describe, expect, it } from 'vitest';
import { createSettings, resetSettings } from './index';

function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return { map, getItem: (key: string) => map.get(key) ?? null, setItem: (key: string, value: string) => void map.set(key, value) };
}

describe('useSettings', () => {
  it('starts from calm defaults when nothing is stored', () => {
    const settings = createSettings({ storage: memoryStorage() });
    expect([settings.elcor.value, settings.alertOnAnswer.value, settings.textSize.value, settings.windowMs.value, settings.announcements.value]).toEqual([
      false, false, 'normal', 1000, 'changes',
    ]);
  });

  it('keeps no transcript unless asked, and remembers the choice and the corrections count', () => {
    const storage = memoryStorage();
    const first = createSettings({ storage });
    expect([first.keep.value, first.correctionsGiven.value]).toEqual([false, 0]);
    first.keep.value = true;
    first.correctionsGiven.value = 3;
    const second = createSettings({ storage });
    expect([second.keep.value, second.correctionsGiven.value]).toEqual([true, 3]);
  });

  it.each(['-1', '1.5', 'abc', '', '1e3'])('reads a tampered corrections count (%j) as none', (raw) => {
    const settings = createSettings({ storage: memoryStorage({ 'linnet.correctionsGiven': raw, 'linnet.keep': 'yes' }) });
    expect([settings.correctionsGiven.value, settings.keep.value]).toEqual([0, false]);
  });

  it('remembers every preference between visits', () => {
    const storage = memoryStorage();
    const first = createSettings({ storage });
    first.elcor.value = true;
    first.alertOnAnswer.value = true;
    first.textSize.value = 'larger';
    first.windowMs.value = 3000;
    first.announcements.value = 'calls';
    const second = createSettings({ storage });
    expect([second.elcor.value, second.alertOnAnswer.value, second.textSize.value, second.windowMs.value, second.announcements.value]).toEqual([
      true, true, 'larger', 3000, 'calls',
    ]);
  });

  it('reads a tampered or unknown stored value back as the default', () => {
    const settings = createSettings({
      storage: memoryStorage({
        'linnet.elcor': 'yes',
        'linnet.alertOnAnswer': '1',
        'linnet.captionSize': 'huge',
        'linnet.windowMs': '250',
        'linnet.announcements': 'shout',
      }),
    });
    expect([settings.elcor.value, settings.alertOnAnswer.value, settings.textSize.value, settings.windowMs.value, settings.announcements.value]).toEqual([
      false, false, 'normal', 1000, 'changes',
    ]);
  });

  it('keeps working, unremembered, when storage throws', () => {
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    const settings = createSettings({ storage: throwing });
    settings.announcements.value = 'off';
    expect(settings.announcements.value).toBe('off');
  });

  it('resets every preference to its default', () => {
    const storage = memoryStorage();
    const settings = createSettings({ storage });
    settings.windowMs.value = 2000;
    settings.elcor.value = true;
    resetSettings(settings);
    expect([settings.windowMs.value, settings.elcor.value, storage.map.get('linnet.windowMs')]).toEqual([1000, false, '1000']);
  });
});
