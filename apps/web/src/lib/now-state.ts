import type { CallState, Keypad, SessionStatus, SpeakingState } from '../stores/session';
import { STATUS_TEXT } from './text-live';

/** A tone label older than this (ms since it arrived) is dimmed and says how long ago it was heard. */
export const TONE_FRESH_MS = 5_000;
/** The keypad badge shows while a digit was heard this recently (ms); the running string keeps growing all call. */
export const KEYPAD_SHOW_MS = 30_000;
/** Another device's audio counts as streaming while its events arrived this recently (ms). */
export const OTHER_AUDIO_FRESH_MS = 5_000;
/** A one-off environment change ("Background changed") is shown this long (ms). */
export const ENVIRON_SHOW_MS = 10_000;
/** Environment labels another badge or the status line already says: music is "On hold", quiet is "Silence". */
const ENVIRON_SAID_ELSEWHERE: ReadonlySet<string> = new Set(['speech', 'music', 'quiet']);
/** Call states during which the line is not a person talking, whatever the speaker detector says. */
const NOT_A_VOICE: ReadonlySet<string> = new Set(['ringback', 'busy', 'hold_music', 'silence', 'dead_air']);

/** The one status line: what the connection is doing, else what is being heard; `data` feeds data-state for tests. */
export interface StatusLine {
  text: string;
  /** `ok` lights the dot. */
  tone: 'ok' | 'muted' | 'warn';
  hearing: SpeakingState;
}

/** Derives the single status line, so "Live" can never sit beside "Not listening" again. */
export function statusLine(input: {
  status: SessionStatus;
  streaming: boolean;
  speaking: SpeakingState;
  callState: CallState | null;
  /** Events keep arriving from audio this page is not sending (another device on the session). @default false */
  otherStreaming?: boolean;
}): StatusLine {
  const { status, streaming, speaking, callState, otherStreaming = false } = input;
  if (status === 'starting' || status === 'reconnecting' || status === 'ended') return { text: STATUS_TEXT[status], tone: 'warn', hearing: 'unknown' };
  if (!streaming && otherStreaming) return { text: STATUS_TEXT.otherMic, tone: 'ok', hearing: speaking };
  if (!streaming) return { text: STATUS_TEXT.notListening, tone: 'muted', hearing: 'unknown' };
  // A ringback or hold tune moves the meter; the badge names it, so the line only says Linnet is listening.
  if (callState && NOT_A_VOICE.has(callState.label)) return { text: STATUS_TEXT.listening, tone: 'ok', hearing: 'quiet' };
  if (speaking === 'speaking') return { text: STATUS_TEXT.speaking, tone: 'ok', hearing: 'speaking' };
  if (speaking === 'quiet') return { text: STATUS_TEXT.quiet, tone: 'ok', hearing: 'quiet' };
  return { text: STATUS_TEXT.listening, tone: 'ok', hearing: 'unknown' };
}

/**
 * How current the tone card's label is: `fresh`; `aged` (dimmed, with how long ago it was heard); `paused` (the server
 * is out of reach, so nothing newer can arrive: dimmed, and says so); `gone` (dead air: it is not true now).
 */
type ToneFreshness = 'fresh' | 'aged' | 'paused' | 'gone';

/** Decides how current the label is: the connection first, then its age. */
export function toneFreshness(input: {
  /** When the label was heard (ms, client clock). */
  heardAt: number;
  now: number;
  callState: CallState | null;
  status: SessionStatus;
  /** When the label shown as the link last dropped was heard; null if it never dropped. @default null */
  pausedLabelAt?: number | null;
}): ToneFreshness {
  const { heardAt, now, callState, status, pausedLabelAt = null } = input;
  if (callState?.label === 'dead_air') return 'gone';
  if (status === 'reconnecting') return 'paused';
  // Back in touch, the label from before the outage is not news, however short the outage: it stays dimmed until a
  // label heard after it arrives.
  if (pausedLabelAt !== null && heardAt <= pausedLabelAt) return 'aged';
  return now - heardAt < TONE_FRESH_MS ? 'fresh' : 'aged';
}

/** The keypad string to show now, or null once no digit was heard for a while. */
export function visibleKeypad(keypad: Keypad | null, now: number): string | null {
  return keypad && keypad.digits && now - keypad.lastAt < KEYPAD_SHOW_MS ? keypad.digits : null;
}

/** Whether an environ label adds anything right now (not said by another badge, not an expired one-off). */
export function environWorthShowing(label: string | undefined, receivedAt: number, now: number): boolean {
  return !!label && !ENVIRON_SAID_ELSEWHERE.has(label) && now - receivedAt < ENVIRON_SHOW_MS;
}

/** A client-clock time as the phone shows it, e.g. "10:42". */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
