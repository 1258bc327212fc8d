/*
 * The running screen's words (status line, tone card, badges, Recent strip, live regions, captions, export): part of
 * the one text module (text.ts), kept apart because they load with the session code (src/lazy.ts), not on the first
 * screen. Code that only runs during a session imports from here.
 */

/** The running screen's controls and the exports (the first screen's Start is CONTROL_TEXT in text.ts). */
export const SESSION_CONTROL_TEXT = {
  inputLevel: 'Input level',
  exportLast: 'Export last session',
  exportThis: 'Export this session',
  exportJson: 'Export as JSON',
  micOn: 'Start mic',
  micOff: 'Stop mic',
  sampleOn: 'Try a sample',
  sampleOff: 'Stop sample',
  end: 'End session',
  settings: 'Settings',
  alertArmed: 'alert on',
  /** While running: the two choices fixed at start, said once. */
  fixedAtStart: (elcorOn: boolean, windowName: string) =>
    `Tone prefix ${elcorOn ? 'on' : 'off'}, label speed ${windowName}: both are chosen before a session starts.`,
} as const;

/** A kept session: the quiet line while running, and the failure (the start screen's switch is KEEP_TEXT in text.ts). */
export const KEEPING_TEXT = {
  keeping: 'Keeping a transcript',
  failed: 'This conversation could not be kept: Linnet’s storage had a problem.',
} as const;

/** The one status line: connection first, then what is heard; never two lines that can disagree. */
export const STATUS_TEXT = {
  starting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  ended: 'Ending…',
  notListening: 'Not listening',
  listening: 'Listening',
  speaking: 'Someone is speaking',
  quiet: 'Quiet',
  otherMic: 'Someone else’s microphone is streaming',
} as const;

/** Empty states of the tone card. */
export const NOW_TEXT = {
  /** The status line already says "Listening" / "Not listening"; these only say what to expect or do. */
  listening: 'A label appears after a few seconds of speech, once Linnet knows how this voice usually sounds.',
  notListening: 'Start the mic, or try a sample.',
  notListeningNoMic: 'Try a sample to see how the labels work.',
  missedUpdates: 'Some updates from while you were away could not be shown.',
  /** Above the last label while the server is out of reach: it is what was heard before, not what is heard now. */
  paused: 'Paused while reconnecting',
  /** Names the panel for screen readers. */
  region: 'Right now',
} as const;

/** How long ago a label was heard, for the aging tone card ("heard 12 s ago"). */
export function heardAgo(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `heard ${whole} s ago`;
  return `heard ${Math.floor(whole / 60)} min ago`;
}

/**
 * The trend line. It starts with "Trend" and uses comparatives, so it cannot be read as a second label beside the
 * label itself ("Calming" next to "Calm" was). It says what `shift_direction` measures: whether the voice is moving
 * away from or back to the speaker's usual one. Short enough for one line of the card at 360 px (the longer "further
 * from" / "back towards" took two). "More intense" / "calmer" read wrong beside a quiet label:
 * a voice growing more Subdued is further from usual, which "Subdued · more intense than before" contradicted.
 * Steady says nothing new, so it has no text.
 */
export const TREND_TEXT = {
  escalating: 'Trend: away from their usual voice',
  'de-escalating': 'Trend: back to their usual voice',
} as const;

/** Call-state badge words per queue label. */
export const QUEUE_TEXT: Record<string, string> = {
  ringback: 'Ringing',
  busy: 'Busy',
  hold_music: 'On hold',
  silence: 'Silence',
  dead_air: 'Dead air',
  speech: 'Speech',
};

/** The running keypad string of a call, digits spaced so each is read out on its own ("Keypad 1 2 3 4"). */
export function keypadText(digits: string): string {
  return digits ? `Keypad ${digits.split('').join(' ')}` : 'Keypad';
}

/** Environment badge words per environ label (music and quiet are already said by the call badge). */
export const ENVIRON_TEXT: Record<string, string> = {
  music: 'Music',
  quiet: 'Quiet room',
  noise_floor_change: 'Background changed',
  speech: 'Speech',
  noise: 'Noisy',
};

/** The calm line left after the banner stands down. */
export function answeredAtText(clockTime: string): string {
  return `Someone answered at ${clockTime}`;
}

/** The "someone answered" banner and its assertive announcement. */
export const ANSWER_TEXT = {
  banner: 'Someone may have answered',
  dismiss: 'Dismiss',
} as const;

/** The Recent strip. */
export const HISTORY_TEXT = {
  title: 'Recent',
  region: 'Recent tones',
} as const;

/** A merged run of one label in the Recent strip: "Calm ×3". */
export function repeatText(count: number): string {
  return count > 1 ? `×${count}` : '';
}

/** Screen-reader text for one Recent entry: "Calm, 3 times, at 01:05". */
export function historyEntrySpoken(label: string, count: number, time: string, speaker: string | null = null): string {
  const entry = count > 1 ? `${label}, ${count} times, last at ${time}` : `${label}, at ${time}`;
  return speaker ? `${speaker}: ${entry}` : entry;
}

/** A tone label read out by the polite live region; `speaker` names the voice once two have been labelled ("Speaker B: Tense, likely"). */
export function toneAnnouncement(label: string, confidence: string, speaker: string | null = null): string {
  return speaker ? `${speaker}: ${label}, ${confidence}` : `${label}, ${confidence}`;
}

export function callAnnouncement(badge: string): string {
  return `Call: ${badge}`;
}

/**
 * Connection changes, said because the status line is not itself a live region (it changes too often). The same words
 * as the connection notice (UNREACHABLE_TEXT, CONNECTION_TEXT.back), which is therefore not a live region itself, so a
 * screen reader hears each change once.
 */
export const CONNECTION_ANNOUNCEMENT = { lost: 'Can’t reach Linnet — trying again.', back: 'Back in touch with Linnet.' } as const;

/** Said where the mic button would be on a page the browser will not give a microphone to. */
export const MIC_NEEDS_HTTPS_TEXT =
  'The mic needs a secure page: open Linnet over https, or as localhost on this device. Try a sample meanwhile.';

/**
 * A caption's tone read from its words (a question by its grammar), not heard in the voice: `spoken` is what a screen
 * reader hears after the confidence, `tag` what the (outlined) chip shows, short so the chip fits beside a name at 360 px.
 */
export const TONE_FROM_WORDS = { spoken: ', from the words', tag: '· words' } as const;

/** Words shown where captions will appear, before the first one arrives. */
export const CAPTIONS_EMPTY_TEXT = 'No captions yet. They appear here once words are recognised.';

/** Label of the button that scrolls back to the newest caption. */
export const JUMP_TO_LATEST_TEXT = 'Jump to latest';

/** Messages for exporting a session. */
export const EXPORT_TEXT = {
  button: 'Export',
  busy: 'Exporting…',
  shared: 'Export shared.',
  downloaded: 'Export saved to your downloads.',
  gone: 'That session has closed, so it can no longer be exported. Export during the session next time.',
  refused: 'Linnet could not export this session. Please try again.',
  offline: "Can't reach Linnet's server. Check your connection and try again.",
} as const;

/** The connection notice's lines once Linnet is back. */
export const CONNECTION_TEXT = {
  back: 'Back in touch with Linnet.',
  backMicRestarted: 'Back in touch with Linnet. Listening again.',
  backMicOff: 'Back in touch with Linnet. The mic stopped while it was away — tap Mic to listen again.',
} as const;

/** Why a running session ended, when this page did not end it (and what a failed End means). */
export const SESSION_END_TEXT = {
  endedElsewhere: 'This session was ended from another tab or device. Start a new one to continue.',
  serverRestarted: 'Linnet’s server shut down, which ended this conversation.',
  lifetime: 'This session reached the longest time Linnet keeps one. Start a new session to continue.',
  endFailedSuffix: 'The session will close by itself shortly.',
} as const;
