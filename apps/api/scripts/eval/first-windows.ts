/**
 * The labels the engine as shipped shows in the first speech windows of a voice (docs/tone.md, "The first seconds of a
 * voice"): every families-corpus file opens with a neutral lead-in, the voice as usual, so any label but Calm shown
 * there is a false one. Per family and window index (the k-th tone window of the file), clean files of one sentence set:
 * windows shown (at the engine's minimum confidence) / of them not Calm / of those said with confidence >= 0.75.
 *   pnpm --filter @linnet/api exec tsx scripts/eval/first-windows.ts [tuning|heldout|fresh]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseWav, DEFAULT_MIN_CONFIDENCE } from '@linnet/engine';
import { readWav } from '../read-wav.js';
import { FamilyManifestSchema, SENTENCE_SETS, type SentenceSet } from '../corpus/family-manifest.js';
import { FAMILIES } from '../corpus/family-styles.js';

const ROOT = fileURLToPath(new URL('../../.corpus/families/', import.meta.url));
const WINDOWS = 10;
// The lead-in's last second is left out: its windows may already hear the labelled segment.
const LEAD_IN_MARGIN_S = 1;
const set = (process.argv[2] ?? 'tuning') as SentenceSet;
if (!SENTENCE_SETS.includes(set)) {
  console.error(`usage: first-windows.ts [${SENTENCE_SETS.join('|')}]`);
  process.exit(2);
}
const manifest = FamilyManifestSchema.parse(JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')));
console.log(`first tone windows of the neutral lead-ins, ${set} sentences, clean: shown / not Calm / not Calm at >= 0.75`);
for (const family of FAMILIES) {
  const entries = manifest.files.filter((entry) => entry.family === family && entry.set === set && entry.condition === 'clean');
  const shown = Array<number>(WINDOWS).fill(0);
  const wrong = Array<number>(WINDOWS).fill(0);
  const sure = Array<number>(WINDOWS).fill(0);
  for (const entry of entries) {
    const events = analyseWav(readWav(`${ROOT}${entry.file}`), { windowMs: 1000, finalWindow: 'skip' });
    const leadIn = events.filter((event) => event.event_type === 'tone' && event.timestamp < entry.segmentStartS - LEAD_IN_MARGIN_S);
    leadIn.slice(0, WINDOWS).forEach((event, k) => {
      if (event.event_type !== 'tone' || event.confidence < DEFAULT_MIN_CONFIDENCE) return;
      shown[k]!++;
      if (event.label === 'Calm') return;
      wrong[k]!++;
      if (event.confidence >= 0.75) sure[k]!++;
    });
  }
  console.log(`${family.padEnd(9)} (${entries.length} files) ${shown.map((n, k) => `${k}: ${n}/${wrong[k]}/${sure[k]}`).join('  ')}`);
}
