import type { CaptionsState, CaptionTone, EnvironEvent, LinnetEvent, ServiceStatus, SessionResponse, ToneEvent, TranscriptEvent } from '@linnet/shared';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { CAPTION_SIZES, confidenceWords, DISPLAY_MIN_CONFIDENCE, queueBadge, serviceLine, type CaptionSize } from '../lib/labels';

/** Where the session is in its life, as the UI shows it. */
export type SessionStatus = 'idle' | 'starting' | 'live' | 'reconnecting' | 'ended';
/** Whether someone is talking, from speaker events; `unknown` until the first one. */
export type SpeakingState = 'speaking' | 'quiet' | 'unknown';
/** The latest call state (a queue-event label, or `speech` once a person talks again). */
export interface CallState {
  label: string;
  digits?: string;
  timestamp: number;
}

/** One finished utterance as the caption list shows it. */
export interface Caption {
  /** Stable key for the list: the order the caption arrived in this session. */
  seq: number;
  /** The words to show: on Elcor sessions the bracketed tone prefix stays, as the reader chose it. */
  text: string;
  speakerId: string;
  /** Session seconds where the utterance starts. */
  start: number;
  tone: CaptionTone | null;
}

/** A service that is not ready (captions busy, off, failed), as one calm line. */
export interface ServiceNotice {
  status: Exclude<ServiceStatus, 'ready'>;
  code: string | null;
  text: string;
}

/** How many captions the page keeps; older ones are dropped (the server's export has the whole session). */
export const CAPTION_LIMIT = 200;
/** How many recent tone labels the history strip keeps. */
export const HISTORY_LIMIT = 12;
/** Call states that mean "waiting for a person"; moving from one of them to speech may be an answer. */
export const WAITING_CALL_STATES: ReadonlySet<string> = new Set(['ringback', 'hold_music', 'dead_air']);
/** Sentence announced (assertively) when a person seems to pick up. */
export const ANSWER_ANNOUNCEMENT = 'Someone is speaking — they may have answered';
const ALERT_STORAGE_KEY = 'linnet.alertOnAnswer';
const CAPTION_SIZE_STORAGE_KEY = 'linnet.captionSize';

/** The one live session the page shows, fed by the event stream. */
export const useSessionStore = defineStore('session', () => {
  /** Id of the running session, null when none. */
  const sessionId = ref<string | null>(null);
  /** Lifecycle status shown by the indicator. */
  const status = ref<SessionStatus>('idle');
  /** "Tone prefix" choice, sent as `elcor` when the session starts. */
  const elcor = ref(false);
  /** Latest tone event at or above the display threshold. */
  const latestTone = ref<ToneEvent | null>(null);
  /** Recent displayed tone events, oldest first. */
  const history = ref<ToneEvent[]>([]);
  /** Speaking/quiet indicator from speaker events. */
  const speaking = ref<SpeakingState>('unknown');
  /** Latest call state (ringing, on hold, keypad, speech, ...). */
  const callState = ref<CallState | null>(null);
  /** Latest environ event (music, quiet room, ...). */
  const environ = ref<EnvironEvent | null>(null);
  /** True when the session timed out while the page was away; shown as a calm notice. */
  const expired = ref(false);
  /** Last failure in plain words, null when all is well. */
  const errorMessage = ref<string | null>(null);
  /** True when the stream reported a replay gap: some updates from the time away are lost. */
  const missedUpdates = ref(false);
  /** Opt-in "Alert me when someone answers" (persisted in localStorage). */
  const alertOnAnswer = ref(readAlertSetting());
  /** Counts waiting → speech transitions; the answer alert watches it. */
  const answerCount = ref(0);
  /** Text for the polite live region (new labels, call-state changes). */
  const politeAnnouncement = ref('');
  /** Text for the assertive live region (someone answered). */
  const assertiveAnnouncement = ref('');
  /** Finished utterances, oldest first, at most CAPTION_LIMIT. */
  const captions = ref<Caption[]>([]);
  /** The captions service's current trouble, null when captions are fine (or nothing was said yet). */
  const serviceNotice = ref<ServiceNotice | null>(null);
  /** Caption text size (persisted in localStorage). */
  const captionSize = ref<CaptionSize>(readCaptionSize());
  /** Id of the last session that ran, kept after it ends so the start screen can offer its export. */
  const lastSessionId = ref<string | null>(null);
  let captionSeq = 0;
  /** Events refused because they did not match the contract (malformed or misnamed). */
  const rejectedEvents = ref(0);

  watch(alertOnAnswer, (value) => writeSetting(ALERT_STORAGE_KEY, String(value)));
  watch(captionSize, (value) => writeSetting(CAPTION_SIZE_STORAGE_KEY, value));

  /** Marks a start request in flight and clears leftovers of the previous session. */
  function startRequested(): void {
    reset();
    expired.value = false;
    errorMessage.value = null;
    status.value = 'starting';
  }

  /** Adopts the session the API created. */
  function begin(session: SessionResponse): void {
    sessionId.value = session.session_id;
    lastSessionId.value = session.session_id;
    elcor.value = session.elcor;
    applyCaptionsState(session.captions);
  }

  /**
   * Shows the captions' state as the server reports it now (`GET /session/:id`, `/captions`): a client
   * that joined late, or lost the service event in a replay gap, still shows the right line.
   */
  function applyCaptionsState(state: CaptionsState | undefined): void {
    if (state) serviceNotice.value = captionsNotice(state);
  }

  /** Adds captions fetched after a replay gap, skipping those already shown, in time order. */
  function mergeCaptions(events: readonly TranscriptEvent[]): void {
    const held = new Set(captions.value.map(captionKey));
    const missing: Caption[] = [];
    for (const event of events) {
      if (sessionId.value !== null && event.session_id !== sessionId.value) continue;
      const caption = toCaption(event);
      if (held.has(captionKey(caption))) continue;
      held.add(captionKey(caption));
      missing.push(caption);
    }
    if (missing.length === 0) return;
    captions.value = [...captions.value, ...missing].sort((a, b) => a.start - b.start).slice(-CAPTION_LIMIT);
  }

  /** Sets the lifecycle status. */
  function setStatus(next: SessionStatus): void {
    status.value = next;
  }

  /** Counts an event that broke the contract (the stream composable parses, the store only keeps the tally). */
  function noteRejectedEvent(): void {
    rejectedEvents.value++;
  }

  /** Applies a validated event to the state the panels show. */
  function applyEvent(event: LinnetEvent): void {
    if (sessionId.value !== null && event.session_id !== sessionId.value) return;
    switch (event.event_type) {
      case 'tone':
        if (event.confidence < DISPLAY_MIN_CONFIDENCE) return;
        // A screen reader hears a new label, not every window that repeats it with a different confidence word; once
        // captions flow, each caption's log entry says its tone, so the windows are not announced a second time.
        if (latestTone.value?.label !== event.label && !captionsFlowing()) politeAnnouncement.value = `${event.label}, ${confidenceWords(event.confidence)}`;
        latestTone.value = event;
        history.value = [...history.value, event].slice(-HISTORY_LIMIT);
        return;
      case 'speaker':
        speaking.value = event.label === 'no_speaker' ? 'quiet' : 'speaking';
        if (event.label !== 'no_speaker') moveCallState({ label: 'speech', timestamp: event.timestamp });
        return;
      case 'queue':
        moveCallState({ label: event.label, digits: event.digits, timestamp: event.timestamp });
        return;
      case 'environ':
        environ.value = event;
        return;
      case 'transcript':
        captions.value = [...captions.value, toCaption(event)].slice(-CAPTION_LIMIT);
        return;
      case 'service':
        // One line for the current state, replaced (never stacked) by the next event and cleared by `ready`.
        serviceNotice.value =
          event.status === 'ready' ? null : { status: event.status, code: event.code ?? null, text: serviceLine(event.detail, event.code) };
        return;
    }
  }

  function toCaption(event: TranscriptEvent): Caption {
    return {
      seq: ++captionSeq,
      text: elcor.value ? event.text : (event.plain_text ?? event.text),
      speakerId: event.speaker_id,
      start: event.start ?? event.timestamp,
      tone: event.tone ?? null,
    };
  }

  /** Captions are arriving and nothing says they stopped: their log region then carries the tone for screen readers. */
  function captionsFlowing(): boolean {
    return captions.value.length > 0 && serviceNotice.value === null;
  }

  function moveCallState(next: CallState): void {
    const previous = callState.value;
    if (previous?.label === next.label && previous.digits === next.digits) return;
    callState.value = next;
    if (next.label === 'speech' && previous && WAITING_CALL_STATES.has(previous.label)) {
      answerCount.value++;
      assertiveAnnouncement.value = ANSWER_ANNOUNCEMENT;
    } else if (next.label !== 'speech') {
      politeAnnouncement.value = `Call: ${queueBadge(next.label, next.digits).text}`;
      // Waiting again: withdraw the answer sentence, or the next answer (same text) would not change the region.
      if (WAITING_CALL_STATES.has(next.label)) assertiveAnnouncement.value = '';
    }
  }

  /** Replaces the history (after a replay gap, from `GET /history`). */
  function replaceHistory(events: ToneEvent[]): void {
    history.value = events.filter((e) => e.confidence >= DISPLAY_MIN_CONFIDENCE).slice(-HISTORY_LIMIT);
    latestTone.value = history.value.at(-1) ?? latestTone.value;
  }

  /** Notes that the stream could not replay everything missed. */
  function noteReplayGap(): void {
    missedUpdates.value = true;
  }

  /** Shows a failure in plain words (null clears it). */
  function fail(message: string | null): void {
    errorMessage.value = message;
  }

  /** Ends the UI's session because the server no longer knows it, and shows the calm timed-out notice. */
  function expire(): void {
    reset();
    expired.value = true;
  }

  /** Back to the start screen; keeps the user's settings (tone prefix, alert) and any notice to show. */
  function reset(): void {
    sessionId.value = null;
    status.value = 'idle';
    latestTone.value = null;
    history.value = [];
    speaking.value = 'unknown';
    callState.value = null;
    environ.value = null;
    missedUpdates.value = false;
    captions.value = [];
    serviceNotice.value = null;
    captionSeq = 0;
    politeAnnouncement.value = '';
    assertiveAnnouncement.value = '';
  }

  return {
    sessionId, status, elcor, latestTone, history, speaking, callState, environ, expired, errorMessage,
    missedUpdates, alertOnAnswer, answerCount, politeAnnouncement, assertiveAnnouncement, rejectedEvents,
    captions, serviceNotice, captionSize, lastSessionId,
    startRequested, begin, setStatus, noteRejectedEvent, applyEvent, replaceHistory, noteReplayGap, fail, expire, reset,
    applyCaptionsState, mergeCaptions,
  };
});
export type SessionStore = ReturnType<typeof useSessionStore>;

/** One utterance's identity: the same caption replayed or refetched has the same start and words. */
function captionKey(caption: Pick<Caption, 'start' | 'text'>): string {
  return `${caption.start}\u0000${caption.text}`;
}

/** The service line for a captions state, null when captions work (or are starting without trouble). */
function captionsNotice({ status, code, detail }: CaptionsState): ServiceNotice | null {
  if (!code || code === 'captions_ready' || code === 'captions_restarted') return null;
  return { status: status === 'off' ? 'unavailable' : 'error', code, text: serviceLine(detail ?? '', code) };
}

function readSetting(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    // Storage can throw in private modes or sandboxed frames; the setting then simply is not remembered.
    return null;
  }
}

function writeSetting(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // See readSetting.
  }
}

function readAlertSetting(): boolean {
  return readSetting(ALERT_STORAGE_KEY) === 'true';
}

function readCaptionSize(): CaptionSize {
  const stored = readSetting(CAPTION_SIZE_STORAGE_KEY);
  return CAPTION_SIZES.find((size) => size === stored) ?? 'normal';
}
