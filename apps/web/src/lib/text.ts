/*
 * Every sentence and word the web app shows or announces, in one place, so wording is reviewed (and one day
 * translated) without reading component code. Grouped by where it appears; functions build the few texts that
 * carry a value. Code elsewhere imports from here and never writes user-facing text inline.
 */

// ─── Running screen: status line, tone card, badges, history (ui-truth) ───────────────────────────────────────────

/** The one status line: connection first, then what is heard; never two lines that can disagree. */
export const STATUS_TEXT = {
  starting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  ended: 'Ending…',
  notListening: 'Not listening',
  listening: 'Listening',
  speaking: 'Someone is speaking',
  quiet: 'Quiet',
} as const;

/** Empty states of the tone card. */
export const NOW_TEXT = {
  /** The status line already says "Listening" / "Not listening"; these only say what to expect or do. */
  listening: 'A label appears once someone speaks for a moment.',
  notListening: 'Start the mic, or try a sample.',
  notListeningNoMic: 'Try a sample to see how the labels work.',
  start: 'Start a session to read what is said and how it sounds, in plain words.',
  missedUpdates: 'Some updates from while you were away could not be shown.',
  /** Names the panel for screen readers. */
  region: 'Right now',
} as const;

/** How long ago a label was heard, for the aging tone card ("heard 12 s ago"). */
export function heardAgo(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `heard ${whole} s ago`;
  return `heard ${Math.floor(whole / 60)} min ago`;
}

/** Confidence as hedged words: labels are probabilities, never verdicts. */

/**
 * The trend line. It starts with "Trend" and uses comparatives ("calmer than before"), so it cannot be read as a
 * second label beside the label itself ("Calming" next to "Calm" was). Steady says nothing new, so it has no text.
 */
export const TREND_TEXT = {
  escalating: 'Trend: more intense than before',
  'de-escalating': 'Trend: calmer than before',
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
export function historyEntrySpoken(label: string, count: number, time: string): string {
  return count > 1 ? `${label}, ${count} times, last at ${time}` : `${label}, at ${time}`;
}

/** What the polite live region says. */
export function toneAnnouncement(label: string, confidence: string): string {
  return `${label}, ${confidence}`;
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

// ─── Controls and settings (ui-truth) ─────────────────────────────────────────────────────────────────────────────

export const CONTROL_TEXT = {
  inputLevel: 'Input level',
  exportLast: 'Export last session',
  exportThis: 'Export this session',
  exportJson: 'Export as JSON',
  start: 'Start session',
  micOn: 'Start mic',
  micOff: 'Stop mic',
  sampleOn: 'Try a sample',
  sampleOff: 'Stop sample',
  end: 'End session',
  settings: 'Settings',
  alertArmed: 'alert on',
  controlsRegion: 'Session controls',
} as const;

/** Said where the mic button would be on a page the browser will not give a microphone to. */
export const MIC_NEEDS_HTTPS_TEXT =
  'The mic needs a secure page: open Linnet over https, or as localhost on this device. Try a sample meanwhile.';

/** Said where users see it: on the start screen and in the running screen's settings. */
export const PRIVACY_TEXT =
  'Audio is analysed in memory and never recorded. Labels describe whoever is speaking near the microphone.';

export const SETTINGS_TEXT = {
  elcorLabel: 'Tone prefix',
  elcorHint: 'Starts each caption with how it sounded, e.g. “[Tense] I’m fine” (like Elcor in Mass Effect).',
  alertLabel: 'Alert me when someone answers',
  textSizeLegend: 'Caption text size',
  more: 'More settings',
  windowLegend: 'Label speed',
  announceLegend: 'Screen reader announcements',
  /** While running: the two choices fixed at start, said once. */
  fixedAtStart: (elcorOn: boolean, windowName: string) =>
    `Tone prefix ${elcorOn ? 'on' : 'off'}, label speed ${windowName}: both are chosen before a session starts.`,
} as const;

/** Names of the caption text sizes. */
export const TEXT_SIZE_NAMES = { normal: 'Normal', large: 'Large', larger: 'Larger' } as const;

/** Names of the analysis window choices: shorter windows react faster, longer ones are steadier. */
export const WINDOW_NAMES = { 1000: 'Quick (1 s)', 2000: 'Steady (2 s)', 3000: 'Calmest (3 s)' } as const;

/** Names of the announcement choices. */
export const ANNOUNCE_NAMES = {
  everything: 'Everything',
  changes: 'Changes only',
  calls: 'Calls only',
  off: 'Off',
} as const;

// ─── Notices and errors (ui-truth) ────────────────────────────────────────────────────────────────────────────────

export const NOTICE_TEXT = {
  /** A session gone when nothing had been shown yet (no summary to show it in): what Linnet knows, not a guess. */
  expired:
    'Your last session is no longer on Linnet’s server: it was closed while nothing was connected to it, or the server restarted. Start a new one to continue.',
  endedElsewhere: 'This session was ended from another tab or device. Start a new one to continue.',
  serverRestarted: 'Linnet’s server shut down, which ended this conversation.',
  lifetime: 'This session reached the longest time Linnet keeps one. Start a new session to continue.',
  loadFailed: "Can't reach Linnet's server. Check your connection and try again.",
  endFailedSuffix: 'The session will close by itself shortly.',
} as const;

// The live-session code's own sentences (API errors, audio socket, mic, sample) are in text-session.ts: they load
// with that code, not on the first screen.

// ─── Captions and export ──────────────────────────────────────────────────────────────────────────────────────────

/** Words shown where captions will appear, before the first one arrives. */
export const CAPTIONS_EMPTY_TEXT = 'No captions yet. They appear here once words are recognised.';
/** Label of the button that scrolls back to the newest caption. */
export const JUMP_TO_LATEST_TEXT = 'Jump to latest';

/** Our own calm sentence per service code, used when the server's `detail` is missing a reason we know. */
export const SERVICE_CODE_TEXT: Record<string, string> = {
  captions_off: 'Captions are off on this server.',
  captions_not_requested: 'Captions were not requested for this session.',
  captions_busy: 'Captions unavailable: the server is busy.',
  captions_failed: 'Captions stopped working. Tone labels still follow the voice.',
  captions_restarted: 'Captions restarted. A few words may be missing.',
};
export const SERVICE_FALLBACK_TEXT = 'Captions are unavailable for now.';

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

// ─── Flows: end, summary, connection, labels screen, install (ui-flows) ─────────────────────────────────────────────
// (Only what the first screen and the always-loaded code need; the summary, the labels screen, the questions and the
// connection notice carry their longer text in text-screens.ts, which loads with them, to keep the first load small.)

/** Entry points to the flows, shown before any session code loads. */
export const FLOW_ENTRY_TEXT = {
  labels: 'What the labels mean',
  sample: 'Try a sample',
  sampleHint: 'Plays a short recorded voice aloud and shows how Linnet labels it.',
} as const;

/** Connection lines said by always-loaded code. */
export const CONNECTION_TEXT = {
  back: 'Back in touch with Linnet.',
  backMicRestarted: 'Back in touch with Linnet. Listening again.',
  backMicOff: 'Back in touch with Linnet. The mic stopped while it was away — tap Mic to listen again.',
  serverAway: 'Can’t reach Linnet’s server right now, so a conversation cannot start. Try again once it is back.',
  offline: 'This phone is offline. Linnet needs its server to listen; it will work again once you are back online.',
} as const;

// ─── History and corrections ──────────────────────────────────────────────────────────────────────────────────────

/** Keeping a transcript: the start-screen switch, the quiet line while running, and the failure. */
export const KEEP_TEXT = {
  // Short, so the start screen (with History, the sample and the labels entry) still shows Start on a 360x640 phone.
  label: 'Keep a transcript',
  hint: 'Words, tones and times stay on this Linnet server for History. Never audio.',
  keeping: 'Keeping a transcript',
  failed: 'This conversation could not be kept: Linnet’s storage had a problem.',
} as const;

/** The two History words the always-loaded code says: the start screen's button, and a caption with no tone. */
export const HISTORY_ENTRY_TEXT = {
  open: 'History',
  noTone: 'no tone',
} as const;

/** The running settings' count of corrections given (the rest of the correction text is in text-history.ts). */
export function correctionsGiven(n: number): string {
  return `You have given ${n} ${n === 1 ? 'correction' : 'corrections'}. They are stored on this Linnet server.`;
}
