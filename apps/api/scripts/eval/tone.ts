/**
 * `pnpm eval` (tone part): streams every file of the tone corpus through the real prosody engine in
 * 1000 ms windows, as the pipeline does, and checks labels, speech presence and speaker-event timing.
 * Scoring (docs/tone.md): a file's label is the most frequent label among the tone events emitted
 * (at or above MIN_CONFIDENCE) for windows inside its labelled segment; "none" if there are none.
 * Stability: shown-label changes per minute on the steady files (one voice, one style, ~1 min).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseWav, DEFAULT_MIN_CONFIDENCE, type EngineEvent } from '@linnet/engine';
import { TONE_LABELS } from '@linnet/shared';
import { readWav } from '../read-wav.js';
import { ToneCorpusManifestSchema, type ToneCorpusEntry } from '../corpus/tone-manifest.js';
import { plurality, formatConfusion, scores, tally, type Confusion } from './tone-metrics.js';
import { delaySummary, formatStability, scoreSteady, showDelay, shownTones, type SteadyScore } from './tone-stability.js';

const DIR = fileURLToPath(new URL('../../.corpus/tone/', import.meta.url));
const STEADY_DIR = fileURLToPath(new URL('../../.corpus/steady/', import.meta.url));
const WINDOW_MS = 1000;
const MIN_CONFIDENCE = Number(process.env.MIN_CONFIDENCE ?? DEFAULT_MIN_CONFIDENCE);
const THRESHOLDS = { clean: 0.8, snr10: 0.7 } as const;
// Shown-label changes per minute of steady speech, overall: 19.3 without label hysteresis, 11.6 with
// it (docs/tone.md, "Stability"); the bound fails if the hysteresis stops working.
const MAX_CHANGES_PER_MINUTE = 14;
// A new style must be on screen within this many seconds of its start, in the median clean file
// (1.7 s with and without hysteresis): the hysteresis must not make real changes wait.
const MAX_MEDIAN_SHOW_DELAY_S = 3;

interface WindowResult {
  startS: number;
  events: EngineEvent[];
}

function stream(file: string, dir = DIR): { windows: WindowResult[]; sampleRate: number; samples: Int16Array } {
  const audio = readWav(`${dir}${file}`);
  const windows: WindowResult[] = [];
  analyseWav(audio, { windowMs: WINDOW_MS, finalWindow: 'skip', onWindow: (events, startS) => windows.push({ startS, events }) });
  return { windows, sampleRate: audio.sampleRate, samples: audio.samples };
}

/** Truth for speech presence per window, from the clean file: ≥ 100 ms of blocks above -45 dBFS. */
function speechTruth(samples: Int16Array, sampleRate: number, startS: number): boolean | null {
  const hop = sampleRate / 100;
  let loud = 0;
  const from = Math.round(startS * sampleRate);
  for (let block = 0; block < 100; block++) {
    let energy = 0;
    for (let i = from + block * hop; i < from + (block + 1) * hop; i++) energy += ((samples[i] ?? 0) / 32768) ** 2;
    if (10 * Math.log10(energy / hop + 1e-12) > -45) loud++;
  }
  if (loud >= 10) return true;
  return loud === 0 ? false : null;
}

const pct = (value: number) => `${(100 * value).toFixed(1)} %`;
const manifest = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')));
const cleanOf = (entry: ToneCorpusEntry) => entry.file.replace(/\.snr\d+\.wav$/, '.wav');
const confusions: Record<string, Confusion> = { clean: new Map(), snr20: new Map(), snr10: new Map() };
const presence = { right: 0, total: 0 };
const failures: string[] = [];
let nonSpeechToneEvents = 0;
const speakerErrors: number[] = [];
const speakerLatencies: number[] = [];
// Informational: how many of the segment's emitted windows carry the intended label on their own.
const windowAgreement: Record<string, { right: number; total: number }> = {};
const cleanCache = new Map<string, { samples: Int16Array; sampleRate: number }>();
const steadyScores: SteadyScore[] = [];
// Seconds from the start of a clean file's labelled segment until its label is on screen.
const showDelays: number[] = [];
let neverShown = 0;

for (const entry of ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${STEADY_DIR}manifest.json`, 'utf8'))).files) {
  const tones = shownTones(stream(entry.file, STEADY_DIR).windows.flatMap((window) => window.events), MIN_CONFIDENCE);
  steadyScores.push(scoreSteady(tones, entry.label!, entry.segmentStartS!, entry.segmentEndS!));
}

for (const entry of manifest.files) {
  const { windows, samples, sampleRate } = stream(entry.file);
  const clean = entry.condition === 'clean' ? { samples, sampleRate } : (cleanCache.get(cleanOf(entry)) ?? readWav(`${DIR}${cleanOf(entry)}`));
  if (entry.condition === 'clean') cleanCache.set(entry.file, clean);
  for (const window of windows) {
    const truth = entry.kind === 'nonspeech' ? false : speechTruth(clean.samples, clean.sampleRate, window.startS);
    if (truth === null) continue;
    const said = window.events.some((event) => event.event_type === 'tone');
    presence.total++;
    if (said === truth) presence.right++;
  }
  const tones = windows.flatMap((window) => window.events.filter((event) => event.event_type === 'tone'));
  if (entry.kind === 'nonspeech') {
    nonSpeechToneEvents += tones.length;
    if (tones.length) failures.push(`${entry.file}: ${tones.length} tone events on non-speech`);
  } else if (entry.kind === 'tone') {
    const inSegment = tones.filter(
      (event) => event.timestamp >= entry.segmentStartS! - 0.05 && event.timestamp < entry.segmentEndS! && event.confidence >= MIN_CONFIDENCE,
    );
    tally(confusions[entry.condition]!, entry.label!, plurality(inSegment.map((event) => event.label)));
    if (entry.condition === 'clean') {
      const delay = showDelay(shownTones(inSegment, MIN_CONFIDENCE), entry.label!, entry.segmentStartS!, entry.segmentEndS!, WINDOW_MS / 1000);
      if (delay === undefined) neverShown++;
      else showDelays.push(delay);
    }
    const agreement = (windowAgreement[entry.condition] ??= { right: 0, total: 0 });
    agreement.total += inSegment.length;
    agreement.right += inSegment.filter((event) => event.label === entry.label).length;
  } else {
    const changes = windows.flatMap((window) =>
      window.events.flatMap((event) => (event.event_type === 'speaker' ? [{ event, emittedAt: window.startS + WINDOW_MS / 1000 }] : [])),
    );
    const expected = entry.onsets!.flatMap((onset, i) => [
      { label: 'human_single', at: onset },
      { label: 'no_speaker', at: entry.offsets![i]! },
    ]);
    if (changes.length !== expected.length) failures.push(`${entry.file}: ${changes.length} speaker events, expected ${expected.length}`);
    expected.forEach((want, i) => {
      const got = changes[i];
      if (!got || got.event.label !== want.label) return failures.push(`${entry.file}: missing ${want.label} at ${want.at.toFixed(2)} s`);
      const error = Math.abs(got.event.timestamp - want.at);
      speakerErrors.push(error);
      speakerLatencies.push(got.emittedAt - want.at);
      if (error > WINDOW_MS / 1000) failures.push(`${entry.file}: ${want.label} at ${got.event.timestamp.toFixed(2)} s, truth ${want.at.toFixed(2)} s`);
    });
  }
}

const macro: Record<string, number> = {};
for (const [condition, confusion] of Object.entries(confusions)) {
  const { perLabel, macroF1 } = scores(confusion);
  macro[condition] = macroF1;
  console.log(`\n== tone labels, ${condition} (file = plurality of its segment's tone events) ==`);
  console.log(formatConfusion(confusion));
  for (const row of perLabel) {
    console.log(`${row.label.padEnd(15)} precision ${row.precision.toFixed(2)}  recall ${row.recall.toFixed(2)}  F1 ${row.f1.toFixed(2)}  (n=${row.support})`);
  }
  const agreement = windowAgreement[condition] ?? { right: 0, total: 0 };
  console.log(`macro-F1 ${condition}: ${macroF1.toFixed(3)}`);
  console.log(`(per window: ${pct(agreement.right / Math.max(1, agreement.total))} of ${agreement.total} emitted segment windows carry the file's label)`);
}
console.log(`\nspeech presence accuracy: ${pct(presence.right / presence.total)} of ${presence.total} windows`);
console.log(`tone events on non-speech files: ${nonSpeechToneEvents}`);
const maxError = Math.max(0, ...speakerErrors);
console.log(
  `speaker events: ${speakerErrors.length} matched, timestamp error max ${maxError.toFixed(2)} s, emitted at most ${Math.max(0, ...speakerLatencies).toFixed(2)} s after the change`,
);
const stability = formatStability(steadyScores);
console.log(`\n== label stability: changes of the shown label per minute of one voice speaking one style (clean) ==`);
console.log(stability.lines.join('\n'));
const delays = delaySummary(showDelays);
console.log(
  `new style on screen after (clean files, from the segment's start): median ${delays.median.toFixed(1)} s, max ${delays.max.toFixed(1)} s; never shown in ${neverShown} files`,
);
if (stability.overall > MAX_CHANGES_PER_MINUTE) {
  failures.push(`label changes ${stability.overall.toFixed(1)} per minute of steady speech > ${MAX_CHANGES_PER_MINUTE}`);
}
if (!(delays.median <= MAX_MEDIAN_SHOW_DELAY_S)) failures.push(`new style shown after a median ${delays.median.toFixed(1)} s > ${MAX_MEDIAN_SHOW_DELAY_S} s`);
for (const [condition, minimum] of Object.entries(THRESHOLDS)) {
  if (macro[condition]! < minimum) failures.push(`macro-F1 ${condition} ${macro[condition]!.toFixed(3)} < ${minimum}`);
}
if (failures.length) {
  console.error(`\nFAIL tone eval:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nPASS tone eval (labels: ${TONE_LABELS.length}, min confidence ${MIN_CONFIDENCE})`);
