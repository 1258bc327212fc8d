import type { ShiftDirection } from '@linnet/shared';
import { ENVIRON_TEXT, keypadText, QUEUE_TEXT, TREND_TEXT } from './text-live';

/** Confidence as hedged words: one definition, shared with the server's transcript export. */
export { confidenceWords } from '@linnet/shared';

/** Arrow and words of a shift; null for steady, which adds nothing to the label (each fact is said once). */
export function trendLine(direction: ShiftDirection): { arrow: string; text: string } | null {
  if (direction === 'escalating') return { arrow: '↑', text: TREND_TEXT.escalating };
  if (direction === 'de-escalating') return { arrow: '↓', text: TREND_TEXT['de-escalating'] };
  return null;
}

/** A call-state badge: words to show and a colour key for CSS. */
export interface CallBadge {
  text: string;
  tone: 'ringing' | 'busy' | 'hold' | 'keypad' | 'silence' | 'dead-air' | 'music' | 'speech' | 'quiet' | 'other';
}

const QUEUE_TONES: Record<string, CallBadge['tone']> = {
  ringback: 'ringing',
  busy: 'busy',
  hold_music: 'hold',
  dtmf_tone: 'keypad',
  silence: 'silence',
  dead_air: 'dead-air',
  speech: 'speech',
};

/** Plain words for a queue-event label (digits come with `dtmf_tone`); unknown labels are shown tidied, not hidden. */
export function queueBadge(label: string, digits?: string): CallBadge {
  const text = label === 'dtmf_tone' ? keypadText(digits ?? '') : (QUEUE_TEXT[label] ?? tidy(label));
  return { text, tone: QUEUE_TONES[label] ?? 'other' };
}

const ENVIRON_TONES: Record<string, CallBadge['tone']> = { music: 'music', quiet: 'quiet', speech: 'speech' };

/** Plain words for an environ-event label. */
export function environBadge(label: string): CallBadge {
  return { text: ENVIRON_TEXT[label] ?? tidy(label), tone: ENVIRON_TONES[label] ?? 'other' };
}

function tidy(label: string): string {
  const words = label.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Session time as mm:ss (minutes keep counting past 59, so an hour-long call reads 61:05). */
export function sessionTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * Whether labels should say whose they are: more than one voice among the recent labels (the engine tells two apart
 * when they come through different channels, e.g. the user's own voice and the other party's on a speakerphone).
 */
export function severalVoices(history: readonly { speaker_id: string }[]): boolean {
  return history.some((event) => event.speaker_id !== history[0]!.speaker_id);
}

/** A speaker id as a name: `speaker_a` → "Speaker A". */
export function speakerName(speakerId: string): string {
  return tidy(speakerId).replace(/\b([a-z])$/, (letter) => letter.toUpperCase());
}
