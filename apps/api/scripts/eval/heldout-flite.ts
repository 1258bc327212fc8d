/**
 * Cross-synthesiser check of the tone engine on flite (Debian's `flite`) instead of espeak-ng.
 * Report-only — not part of `pnpm eval`'s gates. The voices are split: slt and rms may be looked at
 * while tuning, awb and kal16 are held out and only read to report. Same protocol as the corpus: a
 * neutral lead-in of the same voice, then the labelled segment, scored by the plurality label.
 * Also prints the label-stability figure on the held-out voices' steady streams (docs/tone.md, "Stability").
 * Usage: `pnpm --filter @linnet/api exec tsx scripts/eval/heldout-flite.ts [--voices slt,rms] [--verbose]`
 * (needs flite and sox; the first run renders `.corpus/flite/`, ≈ 3 min with the steady streams).
 */
import { TONE_LABELS } from '@linnet/shared';
import { analyseWav, DEFAULT_MIN_CONFIDENCE } from '@linnet/engine';
import { readWav } from '../read-wav.js';
import { FLITE_DIR, loadFliteCorpus, loadFliteSteady, type FliteEntry } from './tone-flite-corpus.js';
import { formatConfusion, scores, tally, type Confusion } from './tone-metrics.js';
import { formatStability, scoreSteady, shownTones } from './tone-stability.js';

const GROUPS = [
  { name: 'tuning', voices: ['slt', 'rms'] },
  { name: 'held-out', voices: ['awb', 'kal16'] },
];
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const voicesArg = args.indexOf('--voices');
const groups = voicesArg >= 0 ? [{ name: 'selected', voices: (args[voicesArg + 1] ?? '').split(',') }] : GROUPS;

/** The file's plurality label over its segment's shown tone events ("none" if none is shown). */
function labelOf(entry: FliteEntry): string {
  const votes = new Map<string, number>();
  const trace: string[] = [];
  for (const event of analyseWav(readWav(`${FLITE_DIR}${entry.file}`), { windowMs: 1000, finalWindow: 'skip' })) {
    if (event.event_type !== 'tone' || event.timestamp < entry.segmentStartS - 0.05) continue;
    trace.push(`${event.label}:${event.confidence.toFixed(2)}`);
    if (event.confidence < DEFAULT_MIN_CONFIDENCE) continue;
    votes.set(event.label, (votes.get(event.label) ?? 0) + 1);
  }
  const said = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
  if (verbose) console.log(`${entry.file.padEnd(32)} → ${said.padEnd(15)} ${trace.join(' ')}`);
  return said;
}

const corpus = loadFliteCorpus();
for (const group of groups) {
  const confusion: Confusion = new Map();
  const files = corpus.filter((entry) => group.voices.includes(entry.voice));
  for (const entry of files) tally(confusion, entry.label, labelOf(entry));
  const { perLabel, macroF1 } = scores(confusion);
  const shown = files.length - TONE_LABELS.reduce((sum, label) => sum + (confusion.get(label)?.get('none') ?? 0), 0);
  const right = TONE_LABELS.reduce((sum, label) => sum + (confusion.get(label)?.get(label) ?? 0), 0);
  console.log(`\n== flite ${group.name} voices (${group.voices.join(', ')}): ${files.length} files, report only ==`);
  console.log(formatConfusion(confusion));
  for (const row of perLabel) {
    console.log(`${row.label.padEnd(15)} precision ${row.precision.toFixed(2)}  recall ${row.recall.toFixed(2)}  F1 ${row.f1.toFixed(2)}  (n=${row.support})`);
  }
  console.log(`labelled files right: ${right}/${shown} (precision of shown labels ${(shown ? right / shown : 0).toFixed(2)}), none: ${files.length - shown}`);
  console.log(`macro-F1 flite ${group.name}: ${macroF1.toFixed(3)}`);
}

const steady = loadFliteSteady().map((entry) => {
  const events = analyseWav(readWav(`${FLITE_DIR}${entry.file}`), { windowMs: 1000, finalWindow: 'skip' });
  return scoreSteady(shownTones(events, DEFAULT_MIN_CONFIDENCE), entry.label, entry.segmentStartS, entry.segmentEndS);
});
console.log(`\n== label stability, flite held-out voices: changes of the shown label per minute of one voice speaking one style ==`);
console.log(formatStability(steady).lines.join('\n'));
