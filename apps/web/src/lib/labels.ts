import type { ShiftDirection } from '@linnet/shared';

/** Tone events below this confidence are not shown (the server already drops those under MIN_CONFIDENCE). */
export const DISPLAY_MIN_CONFIDENCE = 0.35;

/** Shown when the live-session code cannot be fetched (the phone went offline after the page loaded). */
export const LOAD_FAILED_MESSAGE = "Can't reach Linnet's server. Check your connection and try again.";

/** Confidence as hedged words: labels are probabilities, never verdicts. */
export function confidenceWords(confidence: number): string {
  if (confidence >= 0.85) return 'very likely';
  if (confidence >= 0.6) return 'likely';
  return 'possibly';
}

/** Confidence as a whole percentage, e.g. "72%". */
export function confidencePercent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** Arrow and plain-word meaning of a shift direction. */
export function shiftMeaning(direction: ShiftDirection): { arrow: string; text: string } {
  switch (direction) {
    case 'escalating':
      return { arrow: '↑', text: 'Escalating — more intense than before' };
    case 'de-escalating':
      return { arrow: '↓', text: 'Calming — less intense than before' };
    default:
      return { arrow: '→', text: 'Steady — about the same as before' };
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
