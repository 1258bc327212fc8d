// What History and the correction control say. Kept apart from text.ts because only the lazily loaded chunk
// (src/lazy.ts) shows them, so they stay off the first load.
import { HISTORY_ENTRY_TEXT } from './text';

/** The History screen and an open conversation. */
export const HISTORY_SCREEN_TEXT = {
  title: 'Kept conversations',
  back: 'Back',
  backToList: 'All conversations',
  search: 'Search words',
  searchButton: 'Search',
  clear: 'Clear search',
  more: 'Show older',
  loading: 'Loading…',
  empty: 'No kept conversations yet. Turn on “Keep a transcript” before you start one.',
  noMatch: 'No kept conversation has those words.',
  failed: "Can't load kept conversations. Check your connection and try again.",
  retry: 'Try again',
  gone: 'This conversation is no longer kept.',
  noWords: 'No words were captioned',
  noTone: HISTORY_ENTRY_TEXT.noTone,
  transcript: 'Transcript',
  noTranscript: 'No captions were kept for this conversation; the chart shows its tones.',
  chart: 'Tone and call state over time',
  callRow: 'Call',
  exportMd: 'Export text',
  exportVtt: 'Subtitles (VTT)',
  exportJson: 'JSON',
  resume: 'Continue this conversation',
  delete: 'Delete',
  deleteAll: 'Delete all',
  confirmDelete: 'Delete this conversation? This cannot be undone.',
  confirmDeleteAll: 'Delete every kept conversation? This cannot be undone.',
  confirm: 'Yes, delete',
  cancel: 'Keep it',
  deleted: 'Conversation deleted.',
  deletedAll: (n: number) => `${n} ${n === 1 ? 'conversation' : 'conversations'} deleted.`,
  deleteFailed: 'Could not delete. Please try again.',
} as const;

/** One kept conversation in the list and its heading: "Tue 1 Dec, 14:05 · 3 min". */
export function keptLength(seconds: number): string {
  return seconds < 60 ? `${Math.max(0, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
}

/** The tones that dominated a conversation, in words: "Calm 60%, Tense 25%". */
export function tonesShare(tones: readonly { label: string; share: number }[]): string {
  return tones.map((tone) => `${tone.label} ${Math.round(tone.share * 100)}%`).join(', ');
}

/** Rating a caption or a tone label: thumbs up, or thumbs down and the right label. */
export const CORRECTION_TEXT = {
  up: (label: string) => `Right: ${label}`,
  down: (label: string) => `Wrong: ${label}`,
  /**
   * Names the label being corrected: a live label moves on while the picker is open, and the card above it may already
   * show the next one (a walk-through saw "Hesitant" over a picker correcting "Matter-of-fact" and offering Hesitant).
   */
  pickLegend: (label: string) => (label === HISTORY_ENTRY_TEXT.noTone ? 'What was it?' : `Not ${label}. What was it instead?`),
  none: 'None of these',
  note: 'Note (optional)',
  share: 'This may be used to improve Linnet',
  send: 'Send',
  cancel: 'Cancel',
  thanks: 'Thanks, noted.',
  /** Said by the page's announcer for a rating given in the caption log (not read out inside the log). */
  notedUp: (label: string) => `Noted: ${label} was right.`,
  notedDown: (label: string, chosen: string) => (chosen === 'none' ? `Noted: not ${label}.` : `Noted: ${chosen}, not ${label}.`),
  failed: 'Could not send that. Please try again.',
  /** The server refused it because it cannot store corrections at all (its ✓/✗ are then hidden). */
  unavailable: 'This Linnet server cannot store corrections.',
} as const;

/** Settings: how many corrections this device gave (in the lazy chunk with the rest: the first load has no use for it). */
export function correctionsGiven(n: number): string {
  return `You have given ${n} ${n === 1 ? 'correction' : 'corrections'}. They are stored on this Linnet server.`;
}

/** Settings: what the labels learnt from the user's corrections, and its reset. */
export const LEARNING_TEXT = {
  /**
   * Instead of the count, on a server whose /health says storage is unavailable: why no label or caption has a ✓ or
   * ✗ (the keep switch says the same of transcripts).
   */
  unavailable: 'This Linnet server cannot store corrections, so labels and captions have no ✓ or ✗.',
  learned: (n: number) => `Linnet has learned from ${n} of your ${n === 1 ? 'correction' : 'corrections'}`,
  notYet: (n: number, min: number) => `Linnet starts learning from your corrections after ${min}; so far ${n}.`,
  reset: 'Reset',
  question: 'Forget what Linnet learned from your corrections? Labels go back to how they were. Your corrections stay stored.',
  keep: 'Keep it',
  confirm: 'Forget it',
  done: 'Linnet has forgotten what it learned. It learns again from your next corrections.',
  failed: 'Could not reach Linnet to change this. Please try again.',
} as const;
