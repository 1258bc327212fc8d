import type { ProsodyFlag, ToneLabel } from '@linnet/shared';

/**
 * Subtexts stay this short: read at a glance beside the label during a call (issue 9: "about 12
 * words"). The app shows the label, a confidence word, a percentage and the shift line beside it,
 * so a subtext says none of those again: only what was measured and what it may mean.
 */
export const SUBTEXT_MAX_WORDS = 12;

/** What each known label suggests about the speaker, without naming the label again. */
const LABEL_MEANINGS: Record<ToneLabel, string> = {
  Calm: 'sounds relaxed',
  'Matter-of-fact': 'just stating things',
  Animated: 'sounds lively and engaged',
  Tense: 'may be stressed or under pressure',
  Rushed: 'may be in a hurry',
  Hesitant: 'may be searching for words',
  Questioning: 'they may expect an answer',
  Subdued: 'may be tired, sad or holding back',
};

/**
 * The flags a label's subtext may word: those that are part of its signature or sit easily with its
 * meaning (docs/tone.md, label rules). Others measured in the window ("louder" beside Calm, "faster"
 * beside Hesitant, which a held label can meet) would contradict it, so the subtext leaves them to
 * the flags list. The label's own signature comes first: it is kept when the sentence must shorten.
 */
const FLAGS_THAT_FIT: Record<ToneLabel, readonly ProsodyFlag[]> = {
  Calm: ['slow', 'quiet', 'low pitch'],
  'Matter-of-fact': ['monotone', 'low pitch', 'slow'],
  Animated: ['wide range', 'raised pitch', 'loud', 'fast'],
  Tense: ['loud', 'raised pitch', 'fast', 'monotone'],
  Rushed: ['fast', 'loud'],
  Hesitant: ['long pauses', 'slow', 'quiet'],
  Questioning: ['rising end', 'raised pitch'],
  Subdued: ['quiet', 'low pitch', 'slow', 'long pauses', 'monotone'],
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

// A window this far from the speaker's norm (shift magnitude) no longer sounds like their usual self.
const USUAL_BELOW = 0.25;
// An unknown (sidecar) label this far from the norm is worded as a clear change.
const CLEAR_CHANGE_FROM = 0.5;

function isKnown(label: string): label is ToneLabel {
  return Object.hasOwn(LABEL_MEANINGS, label);
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The flags as a lower-case phrase, e.g. "louder and faster than usual, with long pauses". */
function describeFlags(flags: readonly ProsodyFlag[]): string {
  const comparatives = flags.flatMap((flag) => COMPARATIVE_WORDS[flag] ?? []);
  const shapes = flags.flatMap((flag) => SHAPE_WORDS[flag] ?? []);
  const parts: string[] = [];
  if (comparatives.length) parts.push(`${joinWords(comparatives)} than usual`);
  parts.push(...shapes);
  return parts.join(', ');
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /\w/.test(word)).length;
}

/**
 * The measured phrase for `label`, from the flags that fit it (all flags for labels Linnet does not
 * know), dropping the least telling ones until `build` of it fits SUBTEXT_MAX_WORDS.
 */
function fitted(label: string, flags: readonly ProsodyFlag[], build: (measured: string) => string): string {
  const fit = isKnown(label) ? FLAGS_THAT_FIT[label] : FLAG_ORDER;
  const kept = FLAG_ORDER.filter((flag) => flags.includes(flag) && fit.includes(flag));
  // Signature first (FLAGS_THAT_FIT's order), so what must go is the least telling flag.
  if (isKnown(label)) kept.sort((a, b) => fit.indexOf(a) - fit.indexOf(b));
  for (let count = kept.length; count > 0; count--) {
    const chosen = FLAG_ORDER.filter((flag) => kept.slice(0, count).includes(flag));
    const text = build(describeFlags(chosen));
    if (wordCount(text) <= SUBTEXT_MAX_WORDS) return text;
  }
  return build('');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * One plain sentence for a label and its flags: what was measured that fits the label, then what it
 * may mean, e.g. "Louder and faster than usual — may be stressed or under pressure."
 */
export function plainSubtext(label: string, flags: readonly ProsodyFlag[], shiftMagnitude: number): string {
  if (!isKnown(label)) {
    return fitted(label, flags, (measured) => {
      if (measured) return `${capitalise(measured)}.`;
      return shiftMagnitude >= CLEAR_CHANGE_FROM ? 'A clear change from how they usually sound.' : 'Named by the tone classifier.';
    });
  }
  const meaning = LABEL_MEANINGS[label];
  return fitted(label, flags, (measured) => {
    if (measured) return `${capitalise(measured)} — ${meaning}.`;
    if (label === 'Calm' && shiftMagnitude < USUAL_BELOW) return `${capitalise(meaning)}, as they usually do.`;
    return `${capitalise(meaning)}.`;
  });
}

/**
 * The Elcor form: the label in brackets, then what was measured that fits it (or what it may mean),
 * e.g. "[Tense — louder and faster than usual]". Naming the label is the point of this style.
 */
export function elcorSubtext(label: string, flags: readonly ProsodyFlag[], shiftMagnitude: number): string {
  return fitted(label, flags, (measured) => {
    if (measured) return `[${label} — ${measured}]`;
    if (shiftMagnitude < USUAL_BELOW && (label === 'Calm' || !isKnown(label))) return `[${label} — as they usually sound]`;
    return `[${label} — ${isKnown(label) ? LABEL_MEANINGS[label] : 'unlike their usual'}]`;
  });
}
