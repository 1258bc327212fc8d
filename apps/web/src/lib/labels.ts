import type { ShiftDirection } from '@linnet/shared';

/** Tone events below this confidence are not shown (the server already drops those under MIN_CONFIDENCE). */
export const DISPLAY_MIN_CONFIDENCE = 0.35;

/** Shown when the live-session code cannot be fetched (the phone went offline after the page loaded). */
export const LOAD_FAILED_MESSAGE = "Can't reach Linnet's server. Check your connection and try again.";

/** Confidence as hedged words: one definition, shared with the server's transcript export. */
export { confidenceWords } from '@linnet/shared';

/** Confidence as a whole percentage, e.g. "72%". */
export function confidencePercent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** Arrow and plain-word meaning of a shift direction; `word` is the one-word form the compact card shows. */
export function shiftMeaning(direction: ShiftDirection): { arrow: string; text: string; word: string } {
  switch (direction) {
    case 'escalating':
      return { arrow: '↑', text: 'Escalating — more intense than before', word: 'Escalating' };
    case 'de-escalating':
      return { arrow: '↓', text: 'Calming — less intense than before', word: 'Calming' };
    default:
      return { arrow: '→', text: 'Steady — about the same as before', word: 'Steady' };
  }
}

/** A call-state badge: words to show and a colour key for CSS. */
export interface CallBadge {
  text: string;
  tone: 'ringing' | 'busy' | 'hold' | 'keypad' | 'silence' | 'dead-air' | 'music' | 'speech' | 'quiet' | 'other';
}

/** Plain words for a queue-event label (digits come with `dtmf_tone`); unknown labels are shown tidied, not hidden. */
export function queueBadge(label: string, digits?: string): CallBadge {
  switch (label) {
    case 'ringback':
      return { text: 'Ringing', tone: 'ringing' };
    case 'busy':
      return { text: 'Busy', tone: 'busy' };
    case 'hold_music':
      return { text: 'On hold', tone: 'hold' };
    case 'dtmf_tone':
      return { text: digits ? `Keypad ${digits.split('').join(' ')}` : 'Keypad', tone: 'keypad' };
    case 'silence':
      return { text: 'Silence', tone: 'silence' };
    case 'dead_air':
      return { text: 'Dead air', tone: 'dead-air' };
    case 'speech':
      return { text: 'Speech', tone: 'speech' };
    default:
      return { text: tidy(label), tone: 'other' };
  }
}

/** Plain words for an environ-event label. */
export function environBadge(label: string): CallBadge {
  switch (label) {
    case 'music':
      return { text: 'Music', tone: 'music' };
    case 'quiet':
      return { text: 'Quiet room', tone: 'quiet' };
    case 'noise_floor_change':
      return { text: 'Background changed', tone: 'other' };
    case 'speech':
      return { text: 'Speech', tone: 'speech' };
    case 'noise':
      return { text: 'Noisy', tone: 'other' };
    default:
      return { text: tidy(label), tone: 'other' };
  }
}

function tidy(label: string): string {
  const words = label.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Caption text sizes the reader can choose; each scales the browser's own font size (rem). */
export const CAPTION_SIZES = ['normal', 'large', 'larger'] as const;
export type CaptionSize = (typeof CAPTION_SIZES)[number];
/** Names of the caption text sizes, as the setting shows them. */
export const CAPTION_SIZE_NAMES: Record<CaptionSize, string> = { normal: 'Normal', large: 'Large', larger: 'Larger' };

/** Words shown where captions will appear, before the first one arrives. */
export const CAPTIONS_EMPTY_TEXT = 'No captions yet. They appear here once words are recognised.';
/** Label of the button that scrolls back to the newest caption. */
export const JUMP_TO_LATEST_TEXT = 'Jump to latest';

/** Session time as mm:ss (minutes keep counting past 59, so an hour-long call reads 61:05). */
export function sessionTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** Our own calm sentence per service code, used when the server's `detail` is missing a reason we know. */
const SERVICE_CODE_TEXT: Record<string, string> = {
  captions_off: 'Captions are off on this server.',
  captions_not_requested: 'Captions were not requested for this session.',
  captions_busy: 'Captions unavailable: the server is busy.',
  captions_failed: 'Captions stopped working. Tone labels still follow the voice.',
  captions_restarted: 'Captions restarted. A few words may be missing.',
};

/** One calm line for a service event that is not `ready`: the server's own sentence, else ours for its code. */
export function serviceLine(detail: string, code?: string): string {
  const text = detail.trim();
  if (text) return text;
  return (code && SERVICE_CODE_TEXT[code]) || 'Captions are unavailable for now.';
}

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

/** A speaker id as a name: `speaker_a` → "Speaker A". */
export function speakerName(speakerId: string): string {
  return tidy(speakerId).replace(/\b([a-z])$/, (letter) => letter.toUpperCase());
}
