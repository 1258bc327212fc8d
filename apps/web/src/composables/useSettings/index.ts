import { effectScope, ref, watch, type Ref } from 'vue';

/** Caption text sizes the reader can choose; each scales the browser's own font size (rem). */
export const TEXT_SIZES = ['normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
/** Analysis window lengths offered (the API accepts 500..3000 ms): longer windows give steadier labels. */
export const WINDOW_LENGTHS = [1000, 2000, 3000] as const;
export type WindowLength = (typeof WINDOW_LENGTHS)[number];
/** What the screen reader is told: every label change and call state, changes only, calls only, or nothing. */
export const ANNOUNCE_MODES = ['everything', 'changes', 'calls', 'off'] as const;
export type AnnounceMode = (typeof ANNOUNCE_MODES)[number];

/** The part of Web Storage settings use; pass a fake in tests. */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface UseSettingsOptions {
  /** Where settings are remembered between visits. @default globalThis.localStorage */
  storage?: SettingsStorage | null;
}

/** Each setting's storage key, default and check; a stored value that fails its check reads back as the default. */
const SCHEMA = {
  elcor: { key: 'linnet.elcor', fallback: false as boolean, read: readBoolean },
  alertOnAnswer: { key: 'linnet.alertOnAnswer', fallback: false as boolean, read: readBoolean },
  textSize: { key: 'linnet.captionSize', fallback: 'normal' as TextSize, read: readOneOf(TEXT_SIZES) },
  windowMs: { key: 'linnet.windowMs', fallback: 1000 as WindowLength, read: (raw: string) => readOneOf(WINDOW_LENGTHS)(Number(raw)) },
  announcements: { key: 'linnet.announcements', fallback: 'changes' as AnnounceMode, read: readOneOf(ANNOUNCE_MODES) },
  /** Ask the server to keep a transcript of each new session ("Keep a transcript"). */
  keep: { key: 'linnet.keep', fallback: false as boolean, read: readBoolean },
  /** How many corrections this device has sent; shown in Settings. */
  correctionsGiven: { key: 'linnet.correctionsGiven', fallback: 0 as number, read: readCount },
} as const;

type SettingName = keyof typeof SCHEMA;
type SettingValue<K extends SettingName> = (typeof SCHEMA)[K]['fallback'];
/** The user's preferences as refs; writing one remembers it. */
export type Settings = { [K in SettingName]: Ref<SettingValue<K>> };

/**
 * Creates a set of preferences backed by storage: each is read back validated (an unknown or tampered value falls
 * back to its default) and written whenever it changes.
 * @see https://html.spec.whatwg.org/multipage/webstorage.html
 */
export function createSettings({ storage = defaultStorage() }: UseSettingsOptions = {}): Settings {
  const settings = {} as Record<SettingName, Ref<unknown>>;
  for (const name of Object.keys(SCHEMA) as SettingName[]) {
    const { key, fallback, read } = SCHEMA[name];
    const stored = safeGet(storage, key);
    const value = ref(stored === null ? fallback : ((read as (raw: string) => unknown)(stored) ?? fallback));
    watch(value, (next) => safeSet(storage, key, String(next)), { flush: 'sync' });
    settings[name] = value;
  }
  return settings as Settings;
}

let shared: Settings | undefined;

/** The app's one set of preferences (created on first use); pass `storage` for a separate set, as tests do. */
export function useSettings(options?: UseSettingsOptions): Settings {
  if (options) return createSettings(options);
  // In a detached scope: created inside the first caller's setup, the watchers that write storage would stop when
  // that component unmounts (the first screen's ComposeBar, when History opens), and later changes would not be kept.
  shared ??= effectScope(true).run(() => createSettings())!;
  return shared;
}

/** Puts every preference back to its default (and remembers that). */
export function resetSettings(settings: Settings = useSettings()): void {
  for (const name of Object.keys(SCHEMA) as SettingName[]) (settings[name] as Ref<unknown>).value = SCHEMA[name].fallback;
}

function readBoolean(raw: string): boolean | undefined {
  return raw === 'true' ? true : raw === 'false' ? false : undefined;
}

function readCount(raw: string): number | undefined {
  const count = Number(raw);
  return Number.isSafeInteger(count) && count >= 0 && /^\d+$/.test(raw) ? count : undefined;
}

function readOneOf<T extends string | number>(allowed: readonly T[]) {
  return (raw: unknown): T | undefined => allowed.find((value) => value === raw);
}

function defaultStorage(): SettingsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Reading `localStorage` itself throws in sandboxed frames.
    return null;
  }
}

function safeGet(storage: SettingsStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    // Storage can throw in private modes; the setting then simply is not remembered.
    return null;
  }
}

function safeSet(storage: SettingsStorage | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // See safeGet.
  }
}
