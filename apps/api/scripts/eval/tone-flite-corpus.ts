/**
 * Renders the flite corpus for `heldout-flite.ts` into `.corpus/flite/` (once; it is deterministic):
 * per voice and label, a neutral lead-in of the same voice followed by the labelled segment.
 * flite has no SSML prosody, so the styles are approximations: pitch level and tempo come from sox,
 * pitch range from flite's F0 spread, loudness from sox gain, hesitation from inserted pauses,
 * questions from the text alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TONE_LABELS, type ToneLabel } from '@linnet/shared';
import { readWav } from '../read-wav.js';
import { QUESTIONS, STATEMENTS } from '../corpus/tone-sentences.js';

/** Where the rendered flite files and their manifest live. */
export const FLITE_DIR = fileURLToPath(new URL('../../.corpus/flite/', import.meta.url));
/** Every flite voice rendered; the check splits them into tuning and held-out voices. */
export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16'] as const;
const PER_VOICE = 3;
const PCM = ['-r', '16000', '-c', '1', '-b', '16'];

/** One rendered file: its voice, the intended label and where the labelled segment starts. */
export const FliteEntrySchema = z.object({
  file: z.string(),
  voice: z.enum(FLITE_VOICES),
  label: z.enum(TONE_LABELS),
  segmentStartS: z.number().nonnegative(),
});
export type FliteEntry = z.infer<typeof FliteEntrySchema>;
const FliteManifestSchema = z.object({ files: z.array(FliteEntrySchema) });

/** How a label is rendered with flite + sox. */
interface FliteStyle {
  flite?: string[];
  sox?: string[];
  text: 'statements' | 'questions' | 'hesitant';
}
const STYLES: Record<ToneLabel, FliteStyle> = {
  Calm: { sox: ['tempo', '0.95'], text: 'statements' },
  'Matter-of-fact': { flite: ['--setf', 'int_f0_target_stddev=3'], text: 'statements' },
  Animated: { flite: ['--setf', 'int_f0_target_stddev=45'], sox: ['pitch', '200', 'tempo', '1.1', 'gain', '3'], text: 'statements' },
  Tense: { sox: ['pitch', '640', 'tempo', '1.1', 'gain', '9'], text: 'statements' },
  Rushed: { sox: ['tempo', '1.75'], text: 'statements' },
  Hesitant: { sox: ['tempo', '0.8'], text: 'hesitant' },
  Questioning: { text: 'questions' },
  Subdued: { sox: ['pitch', '-500', 'tempo', '0.8', 'gain', '-8'], text: 'statements' },
};

function render(dir: string, name: string, voice: string, text: string, style: FliteStyle = { text: 'statements' }): string {
  const raw = join(dir, `${name}.raw.wav`);
  const out = join(dir, `${name}.wav`);
  execFileSync('flite', ['-voice', voice, ...(style.flite ?? []), '-t', text, '-o', raw]);
  // -D: no dither, so runs are repeatable. Peaks at -16 dBFS leave room for Tense's +9 dB
  // without clipping, which would flatten exactly the loudness the label depends on.
  execFileSync('sox', ['-V1', '-D', raw, ...PCM, out, 'norm', '-16', ...(style.sox ?? [])]);
  return out;
}

function silence(dir: string, seconds: number): string {
  const out = join(dir, `gap-${seconds}.wav`);
  execFileSync('sox', ['-n', ...PCM, out, 'trim', '0', String(seconds)]);
  return out;
}

function concat(dir: string, name: string, parts: string[]): string {
  const out = join(dir, `${name}.wav`);
  execFileSync('sox', ['-D', ...parts, out]);
  return out;
}

function segment(dir: string, n: number, voice: string, style: FliteStyle): string {
  if (style.text === 'hesitant') {
    const words = STATEMENTS[(n * 7) % STATEMENTS.length]!.split(' ');
    const chunks = [words.slice(0, 3), words.slice(3, 6), words.slice(6)].map((w) => w.join(' ')).filter(Boolean);
    const spoken = chunks.map((chunk, j) => render(dir, `seg-${n}-${j}`, voice, chunk, style));
    return concat(dir, `seg-${n}`, spoken.flatMap((part) => [part, silence(dir, 0.9)]));
  }
  const source = style.text === 'questions' ? QUESTIONS : STATEMENTS;
  const spoken = [0, 1].map((j) => render(dir, `seg-${n}-${j}`, voice, source[(n * 5 + j) % source.length]!, style));
  return concat(dir, `seg-${n}`, spoken);
}

/** One steady stream: a voice's lead-in, then about a minute of one style (label stability). */
export const FliteSteadySchema = z.object({
  file: z.string(),
  voice: z.enum(FLITE_VOICES),
  label: z.enum(TONE_LABELS),
  segmentStartS: z.number().nonnegative(),
  segmentEndS: z.number().nonnegative(),
});
export type FliteSteady = z.infer<typeof FliteSteadySchema>;
/** Voices with steady streams: the held-out ones, the figure docs/tone.md reports. */
export const FLITE_STEADY_VOICES = ['awb', 'kal16'] as const;
// Segments per steady stream: twelve of the style's two-sentence segments make about a minute.
const STEADY_SEGMENTS = 12;

/**
 * The steady streams' manifest, rendering them first if they are not there yet (≈ 1-2 min): per
 * held-out voice and style, a neutral lead-in and STEADY_SEGMENTS segments of the style back to
 * back, rendered exactly as the labelled segments of the corpus files are.
 */
export function loadFliteSteady(): FliteSteady[] {
  const dir = join(FLITE_DIR, 'steady');
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) return z.object({ files: z.array(FliteSteadySchema) }).parse(JSON.parse(readFileSync(manifestPath, 'utf8'))).files;
  mkdirSync(dir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'linnet-flite-steady-'));
  const files: FliteSteady[] = [];
  try {
    for (const voice of FLITE_STEADY_VOICES) {
      for (const [labelIndex, label] of TONE_LABELS.entries()) {
        const n = 1000 + labelIndex * STEADY_SEGMENTS;
        const leadIn = [0, 1, 2].map((j) => render(scratch, `lead-${n}-${j}`, voice, STATEMENTS[(n * 3 + j) % STATEMENTS.length]!));
        const lead = concat(scratch, `leadall-${n}`, [...leadIn, silence(scratch, 0.3)]);
        const segments = Array.from({ length: STEADY_SEGMENTS }, (_, k) => segment(scratch, n + k, voice, STYLES[label]));
        const styled = concat(scratch, `styled-${n}`, segments);
        const file = `${voice}-${label.replace(/\W/g, '').toLowerCase()}.wav`;
        renameSync(concat(scratch, `file-${n}`, [lead, styled]), join(dir, file));
        const segmentStartS = readWav(lead).samples.length / 16_000;
        files.push({ file: `steady/${file}`, voice, label, segmentStartS, segmentEndS: segmentStartS + readWav(styled).samples.length / 16_000 });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(manifestPath, `${JSON.stringify({ files }, null, 1)}\n`);
  return files;
}

/** The flite corpus manifest, rendering the corpus first if it is not there yet (≈ 30 s). */
export function loadFliteCorpus(): FliteEntry[] {
  const manifestPath = join(FLITE_DIR, 'manifest.json');
  if (existsSync(manifestPath)) return FliteManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8'))).files;
  mkdirSync(FLITE_DIR, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'linnet-flite-'));
  const files: FliteEntry[] = [];
  let n = 0;
  try {
    for (const voice of FLITE_VOICES) {
      for (const label of TONE_LABELS) {
        for (let k = 0; k < PER_VOICE; k++, n++) {
          const leadIn = [0, 1, 2].map((j) => render(scratch, `lead-${n}-${j}`, voice, STATEMENTS[(n * 3 + j) % STATEMENTS.length]!));
          const lead = concat(scratch, `leadall-${n}`, [...leadIn, silence(scratch, 0.3)]);
          const file = `${voice}-${label.replace(/\W/g, '').toLowerCase()}-${k}.wav`;
          renameSync(concat(scratch, `file-${n}`, [lead, segment(scratch, n, voice, STYLES[label])]), join(FLITE_DIR, file));
          files.push({ file, voice, label, segmentStartS: readWav(lead).samples.length / 16_000 });
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(manifestPath, `${JSON.stringify({ files }, null, 1)}\n`);
  return files;
}
