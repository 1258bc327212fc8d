import type { ProsodyFlag } from '@linnet/shared';

/** What each known label suggests about the speaker, phrased to finish a plain sentence. */
const LABEL_MEANINGS: Record<string, string> = {
  Calm: 'sounds relaxed and steady',
  'Matter-of-fact': 'sounds businesslike, just stating things',
  Animated: 'sounds lively and engaged',
  Tense: 'may be stressed or under pressure',
  Rushed: 'may be in a hurry',
  Hesitant: 'may be unsure or searching for words',
  Questioning: 'sounds like a question — they may expect an answer',
  Subdued: 'may be tired, sad or holding back',
};

/** Comparative wording of flags that compare the speaker with their usual self. */
const COMPARATIVE_WORDS: Partial<Record<ProsodyFlag, string>> = {
  loud: 'louder',
  quiet: 'quieter',
  fast: 'faster',
  slow: 'slower',
  'raised pitch': 'higher',
  'low pitch': 'lower',
  'wide range': 'more varied in pitch',
  monotone: 'flatter',
};

/** Flags that describe a shape rather than a comparison. */
const SHAPE_WORDS: Partial<Record<ProsodyFlag, string>> = {
  'rising end': 'rising at the end',
  'long pauses': 'with long pauses',
};

// "Louder and faster" reads better than "faster and louder": loudness first, then tempo, then pitch.
const FLAG_ORDER: ProsodyFlag[] = [
  'loud',
  'quiet',
  'fast',
  'slow',
  'raised pitch',
  'low pitch',
  'wide range',
  'monotone',
  'rising end',
  'long pauses',
];

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Describe the measured flags as a lower-case phrase, e.g. "louder and faster than their usual". */
function describeFlags(flags: readonly ProsodyFlag[]): string {
  const ordered = FLAG_ORDER.filter((flag) => flags.includes(flag));
  const comparatives = ordered.flatMap((flag) => COMPARATIVE_WORDS[flag] ?? []);
  const shapes = ordered.flatMap((flag) => SHAPE_WORDS[flag] ?? []);
  const parts: string[] = [];
  if (comparatives.length) parts.push(`${joinWords(comparatives)} than their usual`);
  parts.push(...shapes);
  return parts.join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One plain sentence for a label and its flags; unknown (sidecar) labels get a generic sentence. */
export function plainSubtext(label: string, flags: readonly ProsodyFlag[], shiftMagnitude: number): string {
  const measured = describeFlags(flags);
  const meaning = LABEL_MEANINGS[label];
  if (meaning) {
    if (measured) return `${capitalise(measured)} — ${meaning}.`;
    return shiftMagnitude < 0.25 ? `Sounds like their usual self — ${meaning}.` : `${capitalise(meaning)}.`;
  }
  const generic = `Sounds ${label.toLowerCase()}`;
  if (measured) return `${generic} — ${measured}.`;
  return shiftMagnitude >= 0.5 ? `${generic}, a clear change from their usual.` : `${generic}.`;
}

/** The elcor form: the label in brackets, then what was measured, e.g. "[Tense — louder than their usual]". */
export function elcorSubtext(label: string, flags: readonly ProsodyFlag[], shiftMagnitude: number): string {
  const measured = describeFlags(flags);
  if (measured) return `[${label} — ${measured}]`;
  return `[${label} — ${shiftMagnitude < 0.25 ? 'as they usually sound' : 'unlike their usual'}]`;
}
