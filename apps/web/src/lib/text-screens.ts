// Flows: end, summary, connection, labels screen, install — the longer text, loaded with the screens that show it
// (src/lazy.ts), so the first load stays small. Short entry-point strings are in text.ts.

/** Asking before End throws the live session away. */
export const END_TEXT = {
  question: 'End this conversation? Listening stops and Linnet forgets it; you will see a summary to keep.',
  confirm: 'End and see summary',
  cancel: 'Keep going',
} as const;

/** The summary shown after a conversation ends. */
export const SUMMARY_TEXT = {
  heading: 'Conversation summary',
  captions: 'What was said',
  timeline: 'Tone and call timeline',
  noCaptions: 'No captions were recognised.',
  noTimeline: 'No tone labels or call states were shown.',
  showEarlier: (n: number) => `Show ${n} earlier ${n === 1 ? 'change' : 'changes'}`,
  answered: 'Someone answered',
  export: 'Export summary',
  exportJson: 'JSON',
  exported: 'Summary saved to your downloads.',
  shared: 'Summary shared.',
  exportFailed: 'The summary could not be exported. Please try again.',
  newConversation: 'New conversation',
  clientSide: 'Kept on this phone only until you start a new conversation.',
  ended: 'You ended this conversation.',
  endedElsewhere: 'This conversation was ended from another tab or device.',
  shutdown: 'Linnet’s server shut down, which ended this conversation.',
  reaped: 'Linnet closed this conversation: no screen was open on it and no sound was arriving for a while.',
  goneAfterOutage: 'Linnet’s server restarted while it was out of reach, and this conversation did not survive it.',
  goneOnReturn: 'This conversation is no longer on Linnet’s server: it was closed while the app was in the background (no screen and no sound for a while), or the server restarted.',
} as const;

/** The server is out of reach: said once, with when the next attempt is. */
export const UNREACHABLE_TEXT = {
  unreachable: 'Can’t reach Linnet — trying again',
  nextTry: (seconds: number) => (seconds <= 0 ? 'Trying now…' : `Next try in ${seconds} s`),
  retryNow: 'Try now',
} as const;

/** Playing the sample while the mic is live. */
export const SAMPLE_CONFIRM_TEXT = {
  question: 'Your mic is on. The sample turns the mic off and plays a recorded stranger’s voice aloud.',
  confirm: 'Play sample',
  cancel: 'Keep mic on',
} as const;

/** The "What the labels mean" screen. */
export const LABELS_SCREEN_TEXT = {
  heading: 'What the labels mean',
  back: 'Back',
  intro:
    'Labels compare a voice with how that same voice usually sounds, and are guesses, never verdicts. They describe whoever is speaking near the microphone.',
  toneHeading: 'Tone labels',
  toneReliability:
    'Each “Right N%” above is the hard test: how often the label was right when shown, on synthetic voices Linnet never learnt from. Whole recordings fare better: on the voices it was tuned on, the main label of 89 of 96 recordings is right in quiet and 73 of 96 in loud noise. Real people on real calls are harder still, so treat labels as hints.',
  /** Under the tone labels: the card's trend line, and how often it was right on held-out voices (docs/tone.md, "The trend line"). */
  trend:
    'Under a label, “Trend: away from their usual voice” or “back to their usual voice” says the voice is changing now, for a few seconds after it starts to; nothing in a voice’s first seconds. On the hard test it showed at about 2 in 3 real changes of manner, and at about 1 in 6 moments when the voice did not change.',
  /**
   * Under the tone labels: how a phone line and an echoing room change them, and captions on a phone line
   * (docs/tone.md "A phone line" and "A reverberant room"; docs/captions.md "Through a phone line").
   */
  lines:
    'Through a phone line, or on speaker across an echoing room, labels are right less often: on the hard test about a tenth less through a line, up to a fifth less in an echoing room. Linnet notices a phone line and says its labels less surely there; it does not yet notice an echoing room. Captions suffer most on a phone line: about one word in two comes out wrong, against one in seven otherwise.',
  /** Beside each tone label: its held-out precision from `pnpm eval` (lib/tone-reliability.ts). */
  heldOutPrecision: (percent: number) => `Right ${percent}%.`,
  callHeading: 'Call states',
  callReliability:
    'On Linnet’s synthetic test calls every ringing, busy, hold, silence and dead-air state was found (100%) with no false alarms, and all 344 keypad digits were read correctly. Real phone lines are noisier.',
} as const;

/** One line per tone label: what it means, and how far to trust it (docs/tone.md). */
export const TONE_LABEL_LINES: ReadonlyArray<{ label: string; meaning: string; reliability: string }> = [
  { label: 'Calm', meaning: 'Sounds like their usual self.', reliability: 'Shown when nothing else stands out.' },
  { label: 'Matter-of-fact', meaning: 'Flatter, more monotone than usual.', reliability: 'Mostly right on test voices.' },
  { label: 'Animated', meaning: 'Wider pitch range, energetic.', reliability: 'Can be confused with Tense in noise.' },
  { label: 'Tense', meaning: 'Louder and higher than usual.', reliability: 'Can be confused with Animated in noise.' },
  { label: 'Rushed', meaning: 'Faster than usual.', reliability: 'Often missed: fast speech may read as Calm.' },
  { label: 'Hesitant', meaning: 'Slower, with more pauses.', reliability: 'Mostly right on test voices.' },
  {
    label: 'Questioning',
    meaning: 'The phrase ended with a rise, or a caption’s words ask a question.',
    reliability:
      'On a caption whose chip is outlined and ends “· words”, read from the words: right about 9 in 10 times in a quiet room and 5 to 6 in 10 in a noisy one, where its chip says “possibly”. From the voice alone: least reliable, as some voices rise on statements and ask without rising.',
  },
  { label: 'Subdued', meaning: 'Quieter, lower and slower than usual.', reliability: 'Mostly right on test voices.' },
];

/** One line per call state (docs/call-state.md). */
export const CALL_STATE_LINES: ReadonlyArray<{ label: string; meaning: string; reliability: string }> = [
  { label: 'Ringing', meaning: 'The ringback tone: the other phone is ringing.', reliability: 'Found after one full ring cycle (about 6 s).' },
  { label: 'Busy', meaning: 'The busy tone.', reliability: 'Found within about 2 s.' },
  { label: 'On hold', meaning: 'Music has been playing for 3 s.', reliability: 'Found within about 1.5 s of those 3 s.' },
  { label: 'Keypad', meaning: 'Digits pressed on a phone keypad.', reliability: 'All 344 test digits read correctly.' },
  { label: 'Silence', meaning: 'Two seconds with no voice, tone or music.', reliability: 'Found within 1 s.' },
  { label: 'Dead air', meaning: 'Eight seconds of the same: the line may have dropped.', reliability: 'Found within 1 s of the 8 s.' },
  { label: 'Speech', meaning: 'A voice after waiting: someone may have answered.', reliability: 'Found within about 1.5 s.' },
];
