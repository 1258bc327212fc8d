import type { CaptionsState, CaptionTone, EnvironEvent, LinnetEvent, ServiceStatus, SessionResponse, ToneEvent, TranscriptEvent } from '@linnet/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DISPLAY_MIN_CONFIDENCE, serviceLine } from '../lib/event-display';

/** Where the session is in its life, as the UI shows it. */
export type SessionStatus = 'idle' | 'starting' | 'live' | 'reconnecting' | 'ended';
/** Whether someone is talking, from speaker events; `unknown` until the first one. */
export type SpeakingState = 'speaking' | 'quiet' | 'unknown';
/** The latest call state (a queue-event label, or `speech` once a person talks again); `timestamp` in session seconds. */
export interface CallState {
  label: string;
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
  /** The transcript event's stream id (what a correction refers to), null when the server sent none. */
  eventId: number | null;
}

/** A service that is not ready (captions busy, off, failed), as one calm line. */
export interface ServiceNotice {
  status: Exclude<ServiceStatus, 'ready'>;
  code: string | null;
  text: string;
}

/** How many captions the page keeps; older ones are dropped (the server's export has the whole session). */
export const CAPTION_LIMIT = 200;
/** How many runs of one label the Recent strip shows (each whole: recentRuns). */
export const HISTORY_RUNS = 12;
/** How many recent tone events the store keeps for it: ten minutes of 1 s windows. */
export const HISTORY_MAX_EVENTS = 600;
/** Call states that mean "waiting for a person"; moving from one of them to speech may be an answer. */
export const WAITING_CALL_STATES: ReadonlySet<string> = new Set(['ringback', 'hold_music', 'dead_air']);
/**
 * After a first answer, speech re-alerts only when the wait before it lasted this long (session seconds): hold music
 * with a singer, or a voice over the music, flickers between the two states for a second or two, and each flicker
 * must not buzz the phone again. A real hold (transfer, "please wait") is far longer.
 */
export const REAL_HOLD_S = 10;
/** Call states that mean the voice stopped: an answer banner stands down on them. */
const VOICE_STOPPED_STATES: ReadonlySet<string> = new Set(['silence', 'dead_air']);

/**
 * How long after the event stream (re)opens its events may be a Last-Event-ID replay of what was missed: the server
 * writes the replay first, in one go, so a second and a half covers it even on a slow phone link.
 */
export const REPLAY_WINDOW_MS = 1_500;
/**
 * Windows still being analysed when this page's audio stops arrive within this long (the longest window, 3 s, plus
 * the analysis); events arriving later come from audio sent after the stop: another device's microphone.
 */
export const LATE_WINDOW_MS = 5_000;

/** Keypad digits heard on this call, as one running string, and when the last one was heard (ms, client clock). */
export interface Keypad {
  digits: string;
  lastAt: number;
}

/** The one live session the page shows: state only; composables feed it parsed events and the time they arrived. */
export const useSessionStore = defineStore('session', () => {
  /** Id of the running session, null when none. */
  const sessionId = ref<string | null>(null);
  /** Lifecycle status of the connection. */
  const status = ref<SessionStatus>('idle');
  /** Whether this session was started with the tone prefix (the server echoes it). */
  const elcor = ref(false);
  /** Latest tone event at or above the display threshold. */
  const latestTone = ref<ToneEvent | null>(null);
  /** When `latestTone` arrived (ms, client clock), so the card can say how long ago it was heard. */
  const latestToneAt = ref(0);
  /** The stream id of `latestTone`, null when unknown: a correction of the label refers to it. */
  const latestToneId = ref<number | null>(null);
  /**
   * An earlier label of the same voice was shown in this session: "away from their usual voice" is only true once there
   * was a before. Linnet's engine gives a voice's first windows no trend; a server whose engine trends its first window
   * against nothing (the original one did) is not taken at its word.
   */
  const latestToneHasEarlier = ref(false);
  /** The server is keeping a transcript of this session (it was started or resumed with `keep`). */
  const keeping = ref(false);
  /** Recent displayed tone events, oldest first. */
  const history = ref<ToneEvent[]>([]);
  /** Speaking/quiet indicator from speaker events. */
  const speaking = ref<SpeakingState>('unknown');
  /** Latest call state (ringing, on hold, silence, speech, ...); keypad digits are kept apart in `keypad`. */
  const callState = ref<CallState | null>(null);
  /** Keypad digits of this call, null until the first one. */
  const keypad = ref<Keypad | null>(null);
  /** Latest environ event (music, quiet room, background changed, ...). */
  const environ = ref<EnvironEvent | null>(null);
  /** When `environ` arrived (ms, client clock): one-off changes expire. */
  const environAt = ref(0);
  /** True when the session timed out while the page was away; shown as a calm notice. */
  const expired = ref(false);
  /** Last failure in plain words, null when all is well. */
  const errorMessage = ref<string | null>(null);
  /** True when the stream reported a replay gap: some updates from the time away are lost. */
  const missedUpdates = ref(false);
  /** Counts answers worth alerting about (the first, and any after a real hold); the alert watches it. */
  const answerCount = ref(0);
  /** True from an answer until the voice stops or the wait resumes. */
  const answerActive = ref(false);
  /** When the last alerted answer happened (ms, client clock), for the calm "answered at" line. */
  const answeredAt = ref<number | null>(null);
  /** Finished utterances, oldest first, at most CAPTION_LIMIT. */
  const captions = ref<Caption[]>([]);
  /** The captions service's current trouble, null when captions are fine (or nothing was said yet). */
  const serviceNotice = ref<ServiceNotice | null>(null);
  /** Id of the last session that ran, kept after it ends so the start screen can offer its export. */
  const lastSessionId = ref<string | null>(null);
  /** Events refused because they did not match the contract (malformed or misnamed). */
  const rejectedEvents = ref(0);
  /** The last rating given in the caption log, for the announcer (seq tells two alike apart). */
  const correctionNoted = ref<{ text: string; seq: number } | null>(null);
  let captionSeq = 0;
  /** Voices (speaker ids) a label was shown for in this session: a voice's next label has a before to compare with. */
  const labelledVoices = new Set<string>();
  /** Session seconds where the current waiting stretch (ringing, hold, dead air) began; null when not waiting. */
  let waitingSince: number | null = null;
  /**
   * False after this page stopped its audio, until it starts again: windows still being analysed when the mic stops
   * arrive a moment later, and must not bring back a label or call state for sound no longer being listened to.
   */
  let hearing = true;
  /** This page is sending audio (its mic or sample). */
  let ownAudio = false;
  /** When this page's audio stopped (ms, client clock), null when unknown or not stopped. */
  let stoppedAt: number | null = null;
  /** When an event last arrived from audio this page is not sending (another device), ms client clock; null if none. */
  const otherAudioAt = ref<number | null>(null);
  /** When the event stream last (re)opened (ms, client clock); events soon after may be replayed, not news. */
  let streamOpenedAt: number | null = null;
  /** The client time of session second 0 as the latest live event placed it (the session clock is audio time). */
  let sessionEpoch: number | null = null;

  /**
   * When an event was heard (ms, client clock). A live event is news: the time it arrived, and it re-anchors the
   * session clock (audio time, which pauses with the audio). A replayed one, arriving just after a reconnect, is placed
   * by its own session time on that clock, so a label from 40 s ago does not look fresh ("heard 2 s ago").
   */
  function heardAt(sessionSeconds: number, receivedAt: number): number {
    const epochHere = receivedAt - sessionSeconds * 1000;
    const maybeReplayed = streamOpenedAt !== null && receivedAt - streamOpenedAt < REPLAY_WINDOW_MS;
    if (!maybeReplayed || sessionEpoch === null || epochHere <= sessionEpoch) {
      sessionEpoch = epochHere;
      return receivedAt;
    }
    return onSessionClock(sessionSeconds, receivedAt);
  }

  /** Where a past event falls on the client clock by its session time (never later than it arrived). */
  function onSessionClock(sessionSeconds: number, receivedAt: number): number {
    return sessionEpoch === null ? receivedAt : Math.min(receivedAt, sessionEpoch + sessionSeconds * 1000);
  }

  /** The event stream (re)opened at `at` (ms, client clock): what arrives next may be a replay of what was missed. */
  function streamOpened(at: number): void {
    streamOpenedAt = at;
  }

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
    keeping.value = session.keep === true;
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
      const caption = toCaption(event, null);
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

  /** Applies a validated event to the state the panels show; `arrivedAt` is the client clock in ms, `id` its stream id. */
  function applyEvent(event: LinnetEvent, arrivedAt = 0, id: number | null = null): void {
    if (sessionId.value !== null && event.session_id !== sessionId.value) return;
    // Stamped with when it was heard, which for a replayed event is earlier than when it arrived.
    const receivedAt = heardAt(event.timestamp, arrivedAt);
    // Long after this page stopped its audio, events still coming are another device's audio: shown, not ignored.
    // (A service event says what the server can do, not what it hears: it is nobody's audio.)
    if (event.event_type !== 'service') {
      if (!hearing && stoppedAt !== null && arrivedAt - stoppedAt > LATE_WINDOW_MS) hearing = true;
      if (hearing && !ownAudio) otherAudioAt.value = arrivedAt;
    }
    switch (event.event_type) {
      case 'tone':
        if (event.confidence < DISPLAY_MIN_CONFIDENCE) return;
        history.value = [...history.value, event].slice(-HISTORY_MAX_EVENTS);
        if (hearing) showTone(event, receivedAt, id, labelledVoices.has(event.speaker_id));
        labelledVoices.add(event.speaker_id);
        return;
      case 'transcript':
        captions.value = [...captions.value, toCaption(event, id)].slice(-CAPTION_LIMIT);
        return;
      case 'service':
        // One line for the current state, replaced (never stacked) by the next event and cleared by `ready`.
        serviceNotice.value =
          event.status === 'ready' ? null : { status: event.status, code: event.code ?? null, text: serviceLine(event.detail, event.code) };
        return;
    }
    if (!hearing) return;
    switch (event.event_type) {
      case 'speaker':
        speaking.value = event.label === 'no_speaker' ? 'quiet' : 'speaking';
        if (event.label !== 'no_speaker') moveCallState({ label: 'speech', timestamp: event.timestamp }, receivedAt);
        return;
      case 'queue':
        // Digits come per analysis window; the call's keypad string is all of them, in order.
        if (event.label === 'dtmf_tone') keypad.value = { digits: (keypad.value?.digits ?? '') + (event.digits ?? ''), lastAt: receivedAt };
        else moveCallState({ label: event.label, timestamp: event.timestamp }, receivedAt);
        return;
      case 'environ':
        environ.value = event;
        environAt.value = receivedAt;
        return;
    }
  }

  // The time first: the announcer watches the label, synchronously, and must see when it was heard.
  function showTone(event: ToneEvent, heardAt: number, id: number | null, hasEarlier: boolean): void {
    latestToneAt.value = heardAt;
    latestToneId.value = id;
    latestToneHasEarlier.value = hasEarlier;
    latestTone.value = event;
  }

  function toCaption(event: TranscriptEvent, eventId: number | null): Caption {
    return {
      seq: ++captionSeq,
      text: elcor.value ? event.text : (event.plain_text ?? event.text),
      speakerId: event.speaker_id,
      start: event.start ?? event.timestamp,
      tone: event.tone ?? null,
      eventId,
    };
  }

  function moveCallState(next: CallState, receivedAt: number): void {
    const previous = callState.value;
    if (previous?.label === next.label) return;
    callState.value = next;
    const wasWaiting = previous !== null && WAITING_CALL_STATES.has(previous.label);
    if (WAITING_CALL_STATES.has(next.label)) {
      if (!wasWaiting) waitingSince = next.timestamp;
      answerActive.value = false;
    } else if (next.label === 'speech' && wasWaiting) {
      const waited = next.timestamp - (waitingSince ?? next.timestamp);
      // The first answer always counts; later ones only after a real hold, so music/speech flicker stays quiet.
      if (answerCount.value === 0 || waited >= REAL_HOLD_S) {
        answerCount.value++;
        answeredAt.value = receivedAt;
        answerActive.value = true;
      }
      waitingSince = null;
    } else if (VOICE_STOPPED_STATES.has(next.label)) {
      answerActive.value = false;
    }
  }

  /** Replaces the history (after a replay gap, from `GET /history`). */
  function replaceHistory(events: ToneEvent[], receivedAt = 0): void {
    history.value = events.filter((e) => e.confidence >= DISPLAY_MIN_CONFIDENCE).slice(-HISTORY_MAX_EVENTS);
    const last = history.value.at(-1);
    const hadEarlier = last !== undefined && (labelledVoices.has(last.speaker_id) || history.value.slice(0, -1).some((e) => e.speaker_id === last.speaker_id));
    for (const event of history.value) labelledVoices.add(event.speaker_id);
    // `/history` answers a replay gap, so its newest label is as old as its own session time says; it carries no
    // stream ids, so this label cannot be corrected until the next one arrives.
    if (last && hearing) showTone(last, onSessionClock(last.timestamp, receivedAt), null, hadEarlier);
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

  /**
   * The mic or sample stopped: what was being heard is no longer true (the label, call state, keypad string, who is
   * speaking), so it goes; the Recent strip and captions stay as the record.
   */
  function audioStopped(at: number | null = null): void {
    hearing = false;
    ownAudio = false;
    stoppedAt = at;
    clearLiveState();
  }

  /** The page's mic or sample started: what it hears is shown again. */
  function audioStarted(): void {
    hearing = true;
    ownAudio = true;
    otherAudioAt.value = null;
  }

  function clearLiveState(): void {
    latestTone.value = null;
    latestToneId.value = null;
    speaking.value = 'unknown';
    callState.value = null;
    keypad.value = null;
    environ.value = null;
    answerActive.value = false;
    waitingSince = null;
  }

  /** A rating given in the caption log was stored: the announcer says `text` (the log itself is not told). */
  function noteCorrection(text: string): void {
    correctionNoted.value = { text, seq: (correctionNoted.value?.seq ?? 0) + 1 };
  }

  /** Back to the start screen; keeps any notice to show. */
  function reset(): void {
    clearLiveState();
    hearing = true;
    sessionId.value = null;
    keeping.value = false;
    status.value = 'idle';
    history.value = [];
    missedUpdates.value = false;
    captions.value = [];
    serviceNotice.value = null;
    captionSeq = 0;
    labelledVoices.clear();
    sessionEpoch = streamOpenedAt = stoppedAt = otherAudioAt.value = null;
    ownAudio = false;
    answerCount.value = 0;
    answeredAt.value = null;
  }

  return {
    sessionId, status, elcor, keeping, latestTone, latestToneAt, latestToneId, latestToneHasEarlier, history, speaking, callState, keypad, environ, environAt, expired,
    errorMessage, missedUpdates, otherAudioAt, answerCount, answerActive, answeredAt, rejectedEvents, captions, serviceNotice, lastSessionId,
    correctionNoted, noteCorrection, startRequested, begin, setStatus, noteRejectedEvent, applyEvent, replaceHistory, noteReplayGap, fail, expire, audioStarted, audioStopped,
    reset, applyCaptionsState, mergeCaptions, streamOpened,
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
