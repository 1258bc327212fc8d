/**
 * Held-out check of the tone engine on a synthesiser it was never tuned on: flite (Debian's
 * `flite`, voices slt, rms, awb, kal16) instead of espeak-ng. Report-only — not part of
 * `pnpm eval`'s gates — because flite's prosody controls differ from the SSML the corpus uses:
 * pitch level and tempo come from sox, pitch range from flite's F0 spread, loudness from sox gain,
 * hesitation from inserted pauses, questions from the text. Same protocol as the corpus: a
 * neutral lead-in of the same voice, then the labelled segment, scored by the plurality label.
 * Usage: `pnpm --filter @linnet/api exec tsx scripts/eval/heldout-flite.ts` (needs flite and sox).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TONE_LABELS, type ToneLabel } from '@linnet/shared';
import { DEFAULT_MIN_CONFIDENCE } from '../../src/engine/tone-engine.js';
import { createProsodyEngine } from '../../src/engine/prosody/index.js';
import { readWav } from '../../src/lib/wav.js';
import { QUESTIONS, STATEMENTS } from '../corpus/tone-sentences.js';
import { formatConfusion, scores, tally, type Confusion } from './tone-metrics.js';

const VOICES = ['slt', 'rms', 'awb', 'kal16'];
const PER_VOICE = 3;
const PCM = ['-r', '16000', '-c', '1', '-b', '16'];

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

const dir = mkdtempSync(join(tmpdir(), 'linnet-flite-'));
const confusion: Confusion = new Map();
let fileIndex = 0;
try {
  for (const voice of VOICES) {
    for (const label of TONE_LABELS) {
      for (let k = 0; k < PER_VOICE; k++) {
        const n = fileIndex++;
        const leadIn = [0, 1, 2].map((j) => render(dir, `lead-${n}-${j}`, voice, STATEMENTS[(n * 3 + j) % STATEMENTS.length]!));
        const style = STYLES[label];
        let segment: string;
        if (style.text === 'hesitant') {
          const words = STATEMENTS[(n * 7) % STATEMENTS.length]!.split(' ');
          const chunks = [words.slice(0, 3), words.slice(3, 6), words.slice(6)].map((w) => w.join(' ')).filter(Boolean);
          const spoken = chunks.map((chunk, j) => render(dir, `seg-${n}-${j}`, voice, chunk, style));
          segment = concat(dir, `seg-${n}`, spoken.flatMap((part) => [part, silence(dir, 0.9)]));
        } else {
          const source = style.text === 'questions' ? QUESTIONS : STATEMENTS;
          const spoken = [0, 1].map((j) => render(dir, `seg-${n}-${j}`, voice, source[(n * 5 + j) % source.length]!, style));
          segment = concat(dir, `seg-${n}`, spoken);
        }
        const lead = concat(dir, `leadall-${n}`, [...leadIn, silence(dir, 0.3)]);
        const { samples: leadSamples } = readWav(lead);
        const { samples } = readWav(concat(dir, `file-${n}`, [lead, segment]));
        const segmentStartS = leadSamples.length / 16_000;

        const engine = createProsodyEngine({ sessionId: 'heldout', elcor: false, windowMs: 1000, sampleRate: 16_000 });
        const votes = new Map<string, number>();
        for (let at = 0; at + 16_000 <= samples.length; at += 16_000) {
          for (const event of await engine.analyse(samples.subarray(at, at + 16_000), at / 16_000)) {
            if (event.event_type !== 'tone' || event.confidence < DEFAULT_MIN_CONFIDENCE) continue;
            if (event.timestamp < segmentStartS - 0.05) continue;
            votes.set(event.label, (votes.get(event.label) ?? 0) + 1);
          }
        }
        engine.dispose();
        const said = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
        tally(confusion, label, said);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`held-out flite check: ${fileIndex} files, voices ${VOICES.join(', ')} (report only, not gated)`);
console.log(formatConfusion(confusion));
const { perLabel, macroF1 } = scores(confusion);
for (const row of perLabel) {
  console.log(`${row.label.padEnd(15)} precision ${row.precision.toFixed(2)}  recall ${row.recall.toFixed(2)}  F1 ${row.f1.toFixed(2)}  (n=${row.support})`);
}
console.log(`macro-F1 held-out flite: ${macroF1.toFixed(3)}`);
