import type { ToneLabel } from '@linnet/shared';

/** How one label's segment is spoken: SSML prosody, a gain in dB, and how its text is built. */
export interface LabelStyle {
  /** Attributes of the <prosody> element wrapping the segment (espeak-ng SSML). */
  prosody: string;
  gainDb: number;
  text: 'statements' | 'questions' | 'hesitant';
}

/**
 * Every style is acoustically distinct from the same voice's neutral lead-in, because the engine's
 * labels are relative to the speaker's baseline (see docs/tone.md, "Evaluation protocol").
 */
export const LABEL_STYLES: Record<ToneLabel, LabelStyle> = {
  Calm: { prosody: 'rate="95%"', gainDb: 0, text: 'statements' },
  'Matter-of-fact': { prosody: 'range="15%"', gainDb: 0, text: 'statements' },
  Animated: { prosody: 'range="260%" pitch="+15%" rate="110%"', gainDb: 3, text: 'statements' },
  Tense: { prosody: 'pitch="+45%" range="70%" rate="110%"', gainDb: 9, text: 'statements' },
  Rushed: { prosody: 'rate="175%"', gainDb: 0, text: 'statements' },
  Hesitant: { prosody: 'rate="80%"', gainDb: 0, text: 'hesitant' },
  Questioning: { prosody: 'rate="100%"', gainDb: 0, text: 'questions' },
  Subdued: { prosody: 'pitch="-25%" range="60%" rate="80%"', gainDb: -8, text: 'statements' },
};

/** Voices (espeak-ng voice+variant) the corpus rotates through. */
export const VOICES = ['en-us', 'en', 'en-gb-x-rp', 'en+f3', 'en+m3', 'en-us+f2'];
