import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import { queueBadge } from '../../lib/labels';
import { SUMMARY_TEXT } from '../../lib/text-screens';
import { useSessionStore, WAITING_CALL_STATES, type Caption, type SessionStatus, type SessionStore } from '../../stores/session';

/** One moment of the tone and call timeline: a new tone label or a new call state. */
export interface TimelineEntry {
  /** Session seconds (audio time) the label or state began. */
  at: number;
  /** Tone runs: session seconds the label was last heard (consecutive windows of one label are one run). */
  until?: number;
  kind: 'tone' | 'call';
  text: string;
  /** Tone runs: the voice that said it (runs of two voices are never merged). */
  speakerId?: string;
}

/** What the page showed of a conversation, kept on the phone after the server forgot it. */
export interface ConversationSummary {
  sessionId: string;
  /** Wall-clock ISO times the page saw the session start and end. */
  startedAt: string;
  endedAt: string;
  captions: Caption[];
  timeline: TimelineEntry[];
  /** The user pressed End (rather than the server ending or losing it). */
  endedByUser: boolean;
  /** The stream had lost the server before the session was found gone (a crash or restart). */
  afterOutage: boolean;
  /** Status when the session ended: `live` means the server told us (an event), `reconnecting` means a 404. */
  statusAtEnd: SessionStatus;
}

export interface UseConversationRecordOptions {
  /** @default useSessionStore() */
  store?: SessionStore;
  /** Timeline entries kept at most (oldest dropped). @default 1000 */
  timelineLimit?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * Records the tone and call timeline of the running session (the store keeps only the latest few labels) and, the
 * moment the session goes away for any reason, freezes what the page showed into a summary, before the store is
 * reset: the server forgets a session when it ends, so the phone is the only place the conversation is left.
 */
export function useConversationRecord({ store = useSessionStore(), timelineLimit = 1000, now = () => new Date() }: UseConversationRecordOptions = {}) {
  const summary = shallowRef<ConversationSummary | null>(null);
  /** True while the user's own End is in flight, so the summary says who ended it. */
  const endingByUser = ref(false);
  let timeline: TimelineEntry[] = [];
  let startedAt = now().toISOString();
  let lostServer = false;
  let lastStatus: SessionStatus = store.status;

  function push(entry: TimelineEntry): void {
    timeline.push(entry);
    if (timeline.length > timelineLimit) timeline.splice(0, timeline.length - timelineLimit);
  }

  const stops = [
    watch(
      () => store.latestTone,
      (tone) => {
        if (!tone) return;
        // Consecutive windows of one label are one run ("Calm 00:41–00:43"), also across a card cleared by dead air
        // or a mic stopped and started again; a call state in between starts a new run.
        const last = timeline.at(-1);
        if (last?.kind === 'tone' && last.text === tone.label && last.speakerId === tone.speaker_id) {
          last.until = Math.max(last.until ?? last.at, tone.timestamp);
          return;
        }
        push({ at: tone.timestamp, until: tone.timestamp, kind: 'tone', text: tone.label, speakerId: tone.speaker_id });
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.callState,
      (state, previous) => {
        if (!state) return;
        // A voice is only a call event after waiting (someone answered); otherwise the tone labels already say it.
        if (state.label === 'speech' && !(previous && WAITING_CALL_STATES.has(previous.label))) return;
        push({ at: state.timestamp, kind: 'call', text: state.label === 'speech' ? SUMMARY_TEXT.answered : queueBadge(state.label, state.label === 'dtmf_tone' ? store.keypad?.digits : undefined).text });
      },
      { flush: 'sync' },
    ),
    watch(
      () => store.status,
      (status) => {
        if (status === 'live') lostServer = false;
        lastStatus = status;
      },
      { flush: 'sync' },
    ),
    // Sync, so this runs inside reset() before the captions and history are cleared.
    watch(
      () => store.sessionId,
      (id, previousId) => {
        if (id) {
          summary.value = null;
          timeline = [];
          startedAt = now().toISOString();
          lostServer = false;
          return;
        }
        if (!previousId) return;
        if (store.captions.length > 0 || timeline.length > 0) {
          summary.value = {
            sessionId: previousId,
            startedAt,
            endedAt: now().toISOString(),
            captions: [...store.captions],
            timeline: [...timeline],
            endedByUser: endingByUser.value,
            afterOutage: lostServer,
            statusAtEnd: lastStatus,
          };
        }
        timeline = [];
        endingByUser.value = false;
      },
      { flush: 'sync' },
    ),
  ];
  onScopeDispose(() => stops.forEach((stop) => stop()));

  return {
    summary,
    /** Whether ending now would throw away anything the user saw (so End should ask first). */
    hasContent: (): boolean => store.captions.length > 0 || timeline.length > 0,
    /** Marks the coming end as the user's own. */
    markEndedByUser(): void {
      endingByUser.value = true;
    },
    /** Notes that the stream cannot reach the server (a later 404 then means it lost the session). */
    noteServerLost(): void {
      lostServer = true;
    },
    /** Closes the summary (New conversation). */
    clear(): void {
      summary.value = null;
    },
  };
}
