import { ProsodyFlagSchema, type ProsodyFlag, TONE_LABELS, type ShiftDirection, type ToneLabel } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import { createToneAnnotator } from './annotator.js';
import { elcorSubtext, plainSubtext, SUBTEXT_MAX_WORDS } from './subtext.js';
import { WINDOW_TREND } from './trend.js';

const FLAGS = ProsodyFlagSchema.options;
/** Every subset of the ten flags: 1024 flag sets. */
const FLAG_SETS: ProsodyFlag[][] = Array.from({ length: 2 ** FLAGS.length }, (_, bits) => FLAGS.filter((_, i) => bits & (2 ** i)));
const MAGNITUDES = [0, 0.3, 0.7];

/** Words that would contradict each label (the opposite of its signature), as the subtext words flags. */
const CONTRADICTIONS: Record<ToneLabel, string[]> = {
  Calm: ['louder', 'faster', 'higher', 'more varied', 'rising', 'long pauses', 'stressed', 'hurry'],
  'Matter-of-fact': ['more varied', 'rising', 'lively'],
  Animated: ['quieter', 'slower', 'lower', 'flatter', 'long pauses', 'tired'],
  Tense: ['quieter', 'slower', 'lower', 'more varied', 'relaxed'],
  Rushed: ['slower', 'long pauses', 'relaxed'],
  Hesitant: ['faster', 'louder', 'hurry'],
  Questioning: ['flatter'],
  Subdued: ['louder', 'faster', 'higher', 'more varied', 'lively'],
};
/** What the app shows beside the subtext (label, confidence word and percentage, shift line): never repeated. */
const SAID_ELSEWHERE = [
  ...TONE_LABELS.map((label) => label.toLowerCase()),
  'calm',
  'question',
  'likely',
  'possibly',
  'confiden',
  '%',
  'escalat',
  'steady',
  'intense',
  'than before',
];
const COMPARATIVES = ['louder', 'quieter', 'faster', 'slower', 'higher', 'lower', 'more varied', 'flatter', 'rising', 'long pauses'];

/** Times `phrase` occurs in `text` as whole words ("lower" is not in "slower"). */
function occurrences(text: string, phrase: string): number {
  return text.match(new RegExp(`\\b${phrase}\\b`, 'g'))?.length ?? 0;
}

function words(text: string): number {
  return text.split(/\s+/).filter((word) => /\w/.test(word)).length;
}

/** Every rule a subtext must keep, as failure messages (empty when it keeps them all). */
function broken(label: ToneLabel, subtext: string, elcor: boolean): string[] {
  const problems: string[] = [];
  let body = subtext;
  if (elcor) {
    const match = /^\[(.+?) — (.+)\]$/.exec(subtext);
    if (!match || match[1] !== label) return [`not "[${label} — ...]"`];
    body = match[2]!;
  }
  if (words(subtext) > SUBTEXT_MAX_WORDS) problems.push(`${words(subtext)} words`);
  const lower = body.toLowerCase();
  for (const said of SAID_ELSEWHERE) if (lower.includes(said)) problems.push(`repeats "${said}"`);
  for (const word of CONTRADICTIONS[label]) if (occurrences(lower, word)) problems.push(`contradicts with "${word}"`);
  for (const word of COMPARATIVES) if (occurrences(lower, word) > 1) problems.push(`says "${word}" twice`);
  return problems;
}

describe('subtexts', () => {
  it.each([false, true])('keep every rule for every label, flag set and shift magnitude (elcor %s)', (elcor) => {
    const failures: string[] = [];
    for (const label of TONE_LABELS) {
      for (const flags of FLAG_SETS) {
        for (const magnitude of MAGNITUDES) {
          const subtext = (elcor ? elcorSubtext : plainSubtext)(label, flags, magnitude);
          for (const problem of broken(label, subtext, elcor)) failures.push(`${label} [${flags.join(', ')}] ${magnitude}: "${subtext}" ${problem}`);
        }
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('keep the measured flags that fit the label and what it may mean', () => {
    expect(plainSubtext('Tense', ['loud', 'raised pitch', 'quiet'], 0.6)).toBe('Louder and higher than usual — may be stressed or under pressure.');
    expect(plainSubtext('Hesitant', ['long pauses', 'slow', 'fast'], 0.4)).toBe('Slower than usual, with long pauses — may be searching for words.');
    expect(plainSubtext('Calm', [], 0.1)).toBe('Sounds relaxed, as they usually do.');
    expect(plainSubtext('Calm', ['loud', 'fast'], 0.3)).toBe('Sounds relaxed.');
    expect(elcorSubtext('Questioning', ['rising end'], 0.3)).toBe('[Questioning — rising at the end]');
  });

  it('word a label Linnet does not know (a sidecar classifier) without naming it again', () => {
    expect(plainSubtext('Annoyed', ['loud'], 0.7)).toBe('Louder than usual.');
    expect(plainSubtext('Annoyed', [], 0.7)).toBe('A clear change from how they usually sound.');
    expect(plainSubtext('Annoyed', [], 0.1)).toBe('Named by the tone classifier.');
    expect(elcorSubtext('Annoyed', [], 0.1)).toBe('[Annoyed — as they usually sound]');
  });
});

describe('tone events: label x shift', () => {
  /** Magnitudes that make the per-window tracker's second event escalate, de-escalate or stay. */
  const RUNS: Record<ShiftDirection, [number, number]> = { escalating: [0, 0.6], 'de-escalating': [0.7, 0.1], stable: [0.3, 0.3] };

  it.each([false, true])('never word the shift or contradict the label, whatever the shift (elcor %s)', (elcor) => {
    const failures: string[] = [];
    for (const label of TONE_LABELS) {
      for (const [direction, [first, second]] of Object.entries(RUNS) as Array<[ShiftDirection, [number, number]]>) {
        for (const flags of FLAG_SETS.filter((_, i) => i % 7 === 0)) {
          const annotator = createToneAnnotator({ elcor, trend: WINDOW_TREND });
          annotator.annotate({ label, confidence: 0.8, shift_magnitude: first, prosody_flags: flags }, 0);
          const event = annotator.annotate({ label, confidence: 0.8, shift_magnitude: second, prosody_flags: flags }, 1);
          expect(event.shift_direction).toBe(direction);
          for (const problem of broken(label, event.subtext, elcor)) failures.push(`${label} ${direction} [${flags.join(', ')}]: "${event.subtext}" ${problem}`);
        }
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
