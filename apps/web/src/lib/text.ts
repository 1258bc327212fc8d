/*
 * Every sentence and word the web app shows or announces, in one place, so wording is reviewed (and one day
 * translated) without reading component code. Grouped by where it appears; functions build the few texts that
 * carry a value. Code elsewhere imports from here and never writes user-facing text inline.
 */

// ─── Running screen: status line, tone card, badges, history (ui-truth) ───────────────────────────────────────────

/** The first screen's one line where the tone card will be (the card's own words are NOW_TEXT in text-live.ts). */
export const START_LINE_TEXT = 'Start a session to read what is said and how it sounds, in plain words.';

// ─── Controls and settings (ui-truth) ─────────────────────────────────────────────────────────────────────────────

/** The first screen's controls (the running screen's are SESSION_CONTROL_TEXT in text-live.ts). */
export const CONTROL_TEXT = {
  start: 'Start session',
  controlsRegion: 'Session controls',
} as const;

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
  loadFailed: "Can't reach Linnet's server. Check your connection and try again.",
} as const;

// The running screen's words, and why a running session ended, are in text-live.ts; the live-session code's own
// sentences (API errors, audio socket, mic, sample) are in text-session.ts: they load with that code, not on the first
// screen.

// ─── Captions and export ──────────────────────────────────────────────────────────────────────────────────────────

/** Our own calm sentence per service code, used when the server's `detail` is missing a reason we know. */
export const SERVICE_CODE_TEXT: Record<string, string> = {
  captions_off: 'Captions are off on this server.',
  captions_not_requested: 'Captions were not requested for this session.',
  captions_busy: 'Captions unavailable: the server is busy.',
  captions_failed: 'Captions stopped working. Tone labels still follow the voice.',
  captions_restarted: 'Captions restarted. A few words may be missing.',
};
export const SERVICE_FALLBACK_TEXT = 'Captions are unavailable for now.';

// ─── Flows: end, summary, connection, labels screen, install (ui-flows) ─────────────────────────────────────────────
// (Only what the first screen and the always-loaded code need; the summary, the labels screen, the questions and the
// connection notice carry their longer text in text-screens.ts, which loads with them, to keep the first load small.)

/** Entry points to the flows, shown before any session code loads. */
export const FLOW_ENTRY_TEXT = {
  labels: 'What the labels mean',
  sample: 'Try a sample',
  sampleHint: 'Plays a short recorded voice aloud and shows how Linnet labels it.',
} as const;

/** The first screen's lines while Linnet cannot be reached (the running screen's are CONNECTION_TEXT in text-live.ts). */
export const OFFLINE_TEXT = {
  serverAway: 'Can’t reach Linnet’s server right now, so a conversation cannot start. Try again once it is back.',
  offline: 'This phone is offline. Linnet needs its server to listen; it will work again once you are back online.',
} as const;

// ─── History and corrections ──────────────────────────────────────────────────────────────────────────────────────

/** Keeping a transcript: the start-screen switch (the running line and the failure are KEEPING_TEXT in text-live.ts). */
export const KEEP_TEXT = {
  // Short, so the start screen (with History, the sample and the labels entry) still shows Start on a 360x640 phone.
  label: 'Keep a transcript',
  hint: 'Words, tones and times stay on this Linnet server for History. Never audio.',
  /** Instead of the hint, the switch off and disabled, on a server whose /health says storage is unavailable. */
  unavailable: 'This Linnet server cannot keep transcripts.',
} as const;

/** The two History words the always-loaded code says: the start screen's button, and a caption with no tone. */
export const HISTORY_ENTRY_TEXT = {
  open: 'History',
  noTone: 'no tone',
} as const;
