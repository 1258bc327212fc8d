import { onScopeDispose, readonly, ref, watch } from 'vue';
import { confidenceWords, queueBadge, severalVoices, speakerName } from '../../lib/labels';
import { TONE_FRESH_MS } from '../../lib/now-state';
import { ANSWER_TEXT, callAnnouncement, CONNECTION_ANNOUNCEMENT, keypadText, toneAnnouncement } from '../../lib/text-live';
import { useSessionStore, type SessionStore } from '../../stores/session';
import { useSettings, type Settings } from '../useSettings';

/**
 * Least time between two tone announcements, per mode: a label per analysis window (one a second) would talk over
 * the user's own call. "Changes only" also waits for a label to hold for two windows in a row.
 */
export const TONE_ANNOUNCE_GAP_MS = { everything: 8_000, changes: 20_000 } as const;

export interface UseAnnouncerOptions {
  /** @default useSessionStore() */
  store?: SessionStore;
  /** @default useSettings() */
  settings?: Pick<Settings, 'announcements'>;
  /** Client clock in ms. @default Date.now */
  now?: () => number;
}

/**
 * What the page's two live regions say, and when: tone labels (throttled), call states, connection loss and return,
 * and the answer (assertive), filtered by the user's choice (everything / changes only / calls only / off).
 * @see https://www.w3.org/TR/wai-aria-1.2/#aria-live
 */
export function useAnnouncer({ store = useSessionStore(), settings = useSettings(), now = Date.now }: UseAnnouncerOptions = {}) {
  /** Text of the polite live region. */
  const polite = ref('');
  /** Text of the assertive live region (someone answered). */
  const assertive = ref('');
  let lastToneLabel: string | null = null;
  let lastToneAt = Number.NEGATIVE_INFINITY;
  let previousWindowLabel: string | null = null;

  const mode = () => settings.announcements.value;
  // Once captions flow, each caption's log entry says its tone; the windows are not announced a second time.
  const captionsFlowing = () => store.captions.length > 0 && store.serviceNotice === null;

  const stops = [
    watch(
      () => store.latestTone,
      (tone) => {
        // While the recent labels are of two voices, a label is said with whose it is, and the same label from the other voice is news.
        const speaker = tone !== null && severalVoices(store.history) ? speakerName(tone.speaker_id) : null;
        const said = tone === null ? null : `${speaker ?? ''}|${tone.label}`;
        const held = said !== null && said === previousWindowLabel;
        previousWindowLabel = said;
        const current = mode();
        if (!tone || (current !== 'everything' && current !== 'changes') || captionsFlowing()) return;
        // A label replayed after the page was away or out of reach was heard a while ago: the card shows it aged, and
        // saying it now would have it heard as what is being said now.
        if (now() - store.latestToneAt >= TONE_FRESH_MS) return;
        if (said === lastToneLabel || now() - lastToneAt < TONE_ANNOUNCE_GAP_MS[current]) return;
        if (current === 'changes' && !held) return;
        lastToneLabel = said;
        lastToneAt = now();
        polite.value = toneAnnouncement(tone.label, confidenceWords(tone.confidence), speaker);
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.callState?.label,
      (label) => {
        if (!label || label === 'speech' || mode() === 'off') return;
        polite.value = callAnnouncement(queueBadge(label).text);
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.keypad?.digits,
      (digits) => {
        if (digits && mode() !== 'off') polite.value = callAnnouncement(keypadText(digits));
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.answerActive,
      (active) => {
        // Withdrawn when the answer stands down, or the next answer (same words) would not change the region.
        if (!active) assertive.value = '';
        else if (mode() !== 'off') assertive.value = ANSWER_TEXT.banner;
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.correctionNoted?.seq,
      () => {
        if (store.correctionNoted && mode() !== 'off') polite.value = store.correctionNoted.text;
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.status,
      (status, previous) => {
        if (mode() === 'off') return;
        if (status === 'reconnecting' && previous === 'live') polite.value = CONNECTION_ANNOUNCEMENT.lost;
        else if (status === 'live' && previous === 'reconnecting') polite.value = CONNECTION_ANNOUNCEMENT.back;
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.sessionId,
      () => {
        polite.value = assertive.value = '';
        lastToneLabel = previousWindowLabel = null;
        lastToneAt = Number.NEGATIVE_INFINITY;
      },
      { flush: 'sync' },
    ),
  ];
  onScopeDispose(() => stops.forEach((stop) => stop()));

  return { polite: readonly(polite), assertive: readonly(assertive) };
}
/** What useAnnouncer returns. @public */
export type UseAnnouncerReturn = ReturnType<typeof useAnnouncer>;
