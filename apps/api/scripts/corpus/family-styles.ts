import type { ToneLabel } from '@linnet/shared';

/** The three synthesiser families of the cross-family corpus (docs/tone.md, "Three families"). */
export const FAMILIES = ['espeak', 'flite', 'festival'] as const;
export type Family = (typeof FAMILIES)[number];

/** Voices per family: espeak-ng voice+variant, flite voice names, Festival voice functions. */
export const FAMILY_VOICES: Record<Family, readonly string[]> = {
  espeak: ['en-us', 'en+f3', 'en-gb-x-rp', 'en+m3'],
  flite: ['kal16', 'awb', 'rms', 'slt'],
  festival: ['cmu_us_slt_arctic_hts', 'kal_diphone', 'ked_diphone'],
};

/**
 * How a family is asked for one change, in its own terms: espeak-ng SSML `<prosody>` attributes,
 * flite `--setf` features, Festival scheme (`Duration_Stretch`, `int_lr_params` on the diphone
 * voices, hts_engine's `-r` on the HTS voice), then sox effects on the waveform (the same for all).
 */
export interface Recipe {
  /** espeak-ng `<prosody>` attributes. */
  ssml?: string;
  /** flite `--setf name=value` features. */
  flite?: string[];
  /** Festival: duration stretch (> 1 slower) and, on diphone voices, the F0 target mean/std scale. */
  festival?: { stretch?: number; f0Mean?: number; f0Std?: number };
  /** A zig-zag pitch contour by sox `bend`, ± this many cents every 250 ms: range widened on the waveform. */
  contourCents?: number;
  /** sox effects after synthesis and peak normalisation (pitch, tempo, gain). */
  sox?: string[];
}

/** One way of producing a style: a short name (reported) and the recipe per family. */
export interface StyleVariant {
  way: string;
  recipe: Record<Family, Recipe | undefined>;
  text: 'statements' | 'questions' | 'hesitant';
  /** Voices that cannot render this way (the HTS voice ignores Festival's F0 targets). */
  skipVoices?: readonly string[];
}

const HTS = 'cmu_us_slt_arctic_hts';
const same = (recipe: Recipe): Record<Family, Recipe> => ({ espeak: recipe, flite: recipe, festival: recipe });

/**
 * Several ways per style, so a label cannot lean on one synthesiser's way of producing it: pitch
 * range widened by markup, by contour and by sox pitch/tempo; loudness unchanged and changed.
 */
export const FAMILY_STYLES: Record<ToneLabel, readonly StyleVariant[]> = {
  Calm: [
    { way: 'as usual', recipe: same({}), text: 'statements' },
    { way: 'sox tempo 0.95', recipe: same({ sox: ['tempo', '0.95'] }), text: 'statements' },
  ],
  'Matter-of-fact': [
    {
      way: 'range flattened by markup',
      recipe: {
        espeak: { ssml: 'range="15%"' },
        flite: { flite: ['int_f0_target_stddev=3'] },
        festival: { festival: { f0Std: 0.1 } },
      },
      text: 'statements',
      skipVoices: [HTS],
    },
    {
      way: 'range flattened by markup, 3 dB quieter',
      recipe: {
        espeak: { ssml: 'range="20%"', sox: ['gain', '-3'] },
        flite: { flite: ['int_f0_target_stddev=5'], sox: ['gain', '-3'] },
        festival: { festival: { f0Std: 0.15 }, sox: ['gain', '-3'] },
      },
      text: 'statements',
      skipVoices: [HTS],
    },
  ],
  Animated: [
    {
      way: 'range widened by markup, loudness unchanged',
      recipe: {
        espeak: { ssml: 'range="260%"' },
        flite: { flite: ['int_f0_target_stddev=45'] },
        festival: { festival: { f0Std: 2.2 } },
      },
      text: 'statements',
      skipVoices: [HTS],
    },
    { way: 'range widened by contour (sox bend), loudness unchanged', recipe: same({ contourCents: 250 }), text: 'statements' },
    {
      way: 'contour + sox pitch/tempo, +3 dB',
      recipe: same({ contourCents: 200, sox: ['pitch', '200', 'tempo', '1.1', 'gain', '3'] }),
      text: 'statements',
    },
  ],
  Tense: [
    { way: 'sox pitch/tempo, +9 dB', recipe: same({ sox: ['pitch', '640', 'tempo', '1.1', 'gain', '9'] }), text: 'statements' },
    {
      way: 'pitch by markup, +8 dB',
      recipe: {
        espeak: { ssml: 'pitch="+45%" range="70%" rate="110%"', sox: ['gain', '8'] },
        flite: { flite: ['int_f0_target_mean=160', 'duration_stretch=0.9'], sox: ['pitch', '300', 'gain', '8'] },
        festival: { festival: { f0Mean: 1.45, f0Std: 0.7, stretch: 0.9 }, sox: ['gain', '8'] },
      },
      text: 'statements',
      skipVoices: [HTS],
    },
  ],
  Rushed: [
    { way: 'sox tempo 1.75', recipe: same({ sox: ['tempo', '1.75'] }), text: 'statements' },
    {
      way: 'rate by markup',
      recipe: {
        espeak: { ssml: 'rate="175%"' },
        flite: { flite: ['duration_stretch=0.57'] },
        festival: { festival: { stretch: 0.57 } },
      },
      text: 'statements',
    },
  ],
  Hesitant: [
    { way: 'pauses + sox tempo 0.8', recipe: same({ sox: ['tempo', '0.8'] }), text: 'hesitant' },
    {
      way: 'pauses + rate by markup',
      recipe: {
        espeak: { ssml: 'rate="80%"' },
        flite: { flite: ['duration_stretch=1.25'] },
        festival: { festival: { stretch: 1.25 } },
      },
      text: 'hesitant',
    },
  ],
  Questioning: [
    { way: 'yes/no questions as the voice says them', recipe: same({}), text: 'questions' },
    { way: 'yes/no questions, sox tempo 1.1, 3 dB quieter', recipe: same({ sox: ['tempo', '1.1', 'gain', '-3'] }), text: 'questions' },
  ],
  Subdued: [
    { way: 'sox pitch/tempo, −8 dB', recipe: same({ sox: ['pitch', '-500', 'tempo', '0.8', 'gain', '-8'] }), text: 'statements' },
    {
      way: 'pitch and rate by markup, −8 dB',
      recipe: {
        espeak: { ssml: 'pitch="-25%" range="60%" rate="80%"', sox: ['gain', '-8'] },
        flite: { flite: ['duration_stretch=1.25', 'int_f0_target_stddev=12'], sox: ['pitch', '-400', 'gain', '-8'] },
        festival: { festival: { f0Mean: 0.75, f0Std: 0.6, stretch: 1.25 }, sox: ['gain', '-8'] },
      },
      text: 'statements',
      skipVoices: [HTS],
    },
  ],
};
