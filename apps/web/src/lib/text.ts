// Every sentence Linnet shows or announces, in one place, so wording is reviewed (and one day translated) together.

// Flows: end, summary, connection, labels screen, install
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

/** A session gone when nothing had been shown yet (no summary to show it in): what Linnet knows, not a guess. */
export const EXPIRED_TEXT =
  'Your last session is no longer on Linnet’s server: it was closed while nothing was connected to it, or the server restarted. Start a new one to continue.';
