/**
 * Call-state evaluation: streams every corpus file through the detector in consecutive 1000 ms
 * windows (as the pipeline does) and scores digits and states against the manifest. Scoring rules
 * are in docs/call-state.md ("Evaluation"). Exits non-zero below the issue's thresholds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCallStateDetector } from '@linnet/engine';
import { readWav } from '../read-wav.js';
import type { ManifestEntry } from '../corpus/callstate.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = join(here, '../../.corpus/callstate');
const toneCorpus = join(here, '../../.corpus/tone');
/** 1000 ms as the pipeline's default; CALLSTATE_WINDOW_MS (500..3000) checks other window lengths. */
const WINDOW_S = Number(process.env.CALLSTATE_WINDOW_MS ?? 1000) / 1000;
const SCORED = ['ringback', 'busy', 'hold_music', 'silence', 'dead_air', 'speech', 'noise_floor_change'];
const GATED = ['ringback', 'busy', 'hold_music', 'silence', 'dead_air'];
/**
 * Limits are for 1000 ms windows; a longer window can only report at its end, so it adds its extra
 * length to every limit (detection itself, and event timestamps, do not depend on the window).
 */
const WINDOW_SLACK_S = Math.max(0, WINDOW_S - 1);
/** An emission this much before a segment's start still counts for it (state edges are soft). */
const EARLY_S = 0.5;

interface Emission {
  label: string;
  /** When the pipeline would have it: the end of the window that produced it. */
  reportedS: number;
  digits?: string;
}

let talkOffSeconds = 0;
/** nonSpeech verdicts per window, split by what the window mostly holds per the manifest. */
const nonSpeechTally: Record<'voice' | 'tones', [number, number]> = { voice: [0, 0], tones: [0, 0] };

function stream(path: string, talkOff = false, segments: { label: string; start: number; end: number }[] = []): Emission[] {
  const { samples, sampleRate } = readWav(path);
  if (talkOff) talkOffSeconds += samples.length / sampleRate;
  const detector = createCallStateDetector({ sampleRate });
  const size = Math.round(sampleRate * WINDOW_S);
  const window = new Float32Array(size);
  const emissions: Emission[] = [];
  for (let at = 0; at < samples.length; at += size) {
    // The last window may be short, as when a session ends mid-window.
    const length = Math.min(size, samples.length - at);
    for (let i = 0; i < length; i++) window[i] = samples[at + i]! / 32768;
    const reportedS = (at + length) / sampleRate;
    const output = detector.process(window.subarray(0, length), at / sampleRate);
    const startS = at / sampleRate;
    const inside = (labels: string[]) =>
      segments.some((s) => labels.includes(s.label) && s.start <= startS && s.end >= reportedS);
    const tally = inside(['speech']) ? nonSpeechTally.voice : inside(['ringback', 'busy', 'hold_music']) ? nonSpeechTally.tones : undefined;
    if (tally) tally[output.nonSpeech ? 1 : 0]++;
    for (const event of output.events) {
      const label = event.label === 'noise_floor_change' ? event.label : event.event_type === 'queue' ? event.label : '';
      if (label) emissions.push({ label, reportedS, digits: 'digits' in event ? event.digits : undefined });
    }
  }
  return emissions;
}

/** Levenshtein distance: substitutions, insertions and deletions all count as digit errors. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function main(): number {
  if (!existsSync(join(corpus, 'manifest.json'))) {
    console.error(`no call-state corpus at ${corpus}: run pnpm corpus first`);
    return 2;
  }
  const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const stats = new Map(SCORED.map((label) => [label, { tp: 0, fn: 0, fp: 0, delays: [] as number[] }]));
  let expectedDigits = 0;
  let digitErrors = 0;
  let rejectFalseDigits = 0;
  let speechFalseDigits = 0;
  const failures: string[] = [];
  for (const entry of manifest) {
    const emissions = stream(join(corpus, entry.file), entry.group === 'speech' || entry.group === 'state', entry.segments);
    const decoded = emissions.filter((e) => e.label === 'dtmf_tone').map((e) => e.digits ?? '').join('');
    if (entry.group === 'dtmf') {
      expectedDigits += entry.digits.length;
      const errors = editDistance(entry.digits, decoded);
      digitErrors += errors;
      if (errors) failures.push(`${entry.file}: expected ${entry.digits} decoded ${decoded}`);
    } else if (entry.group === 'dtmf-reject') {
      rejectFalseDigits += decoded.length;
      if (decoded) failures.push(`${entry.file}: should reject all, decoded ${decoded}`);
    } else {
      speechFalseDigits += decoded.length;
      if (decoded) failures.push(`${entry.file}: false digits ${decoded}`);
    }
    const used = new Set<Emission>();
    for (const segment of entry.segments) {
      const stat = stats.get(segment.label)!;
      const hit = emissions.find(
        (e) => !used.has(e) && e.label === segment.label && e.reportedS >= segment.start - EARLY_S && e.reportedS <= Math.min(segment.end + WINDOW_S, segment.start + segment.maxDelayS + WINDOW_SLACK_S),
      );
      if (hit) {
        used.add(hit);
        stat.tp++;
        stat.delays.push(Math.max(0, hit.reportedS - segment.start));
      } else {
        stat.fn++;
        failures.push(`${entry.file}: missed ${segment.label} [${segment.start}, ${segment.end}] (emitted ${emissions.map((e) => `${e.label}@${e.reportedS}`).join(' ') || 'nothing'})`);
      }
    }
    for (const emission of emissions) {
      if (used.has(emission) || !stats.has(emission.label)) continue;
      stats.get(emission.label)!.fp++;
      failures.push(`${entry.file}: false ${emission.label} reported at ${emission.reportedS} s`);
    }
  }
  // The engine helper's tone corpus: every file is speech or non-speech; no digit may appear.
  let toneFiles = 0;
  if (existsSync(toneCorpus)) {
    const wavs = readdirSync(toneCorpus, { recursive: true }).map(String).filter((f) => f.endsWith('.wav'));
    for (const file of wavs) {
      let emissions: Emission[];
      try {
        emissions = stream(join(toneCorpus, file), true);
      } catch {
        continue; // the tone corpus may be being regenerated right now; its temporary files come and go
      }
      toneFiles++;
      const decoded = emissions.filter((e) => e.label === 'dtmf_tone').map((e) => e.digits).join('');
      speechFalseDigits += decoded.length;
      if (decoded) failures.push(`tone/${file}: false digits ${decoded}`);
    }
  }

  const digitAccuracy = expectedDigits ? 1 - digitErrors / expectedDigits : 0;
  console.log(`\ncall-state eval: ${manifest.length} corpus files + ${toneFiles} tone-corpus files, ${WINDOW_S * 1000} ms windows${WINDOW_SLACK_S ? ` (delay limits + ${WINDOW_SLACK_S} s for the longer window)` : ''}`);
  console.log(`DTMF: ${expectedDigits} digits, ${digitErrors} errors → accuracy ${(digitAccuracy * 100).toFixed(2)} %; false digits on reject files ${rejectFalseDigits}, on speech ${speechFalseDigits}`);
  const [voiceKept, voiceFlagged] = nonSpeechTally.voice;
  const [toneMissed, toneFlagged] = nonSpeechTally.tones;
  console.log(
    `nonSpeech: ${toneFlagged}/${toneFlagged + toneMissed} windows inside ringback/busy/hold music flagged; ${voiceFlagged}/${voiceFlagged + voiceKept} windows inside speech flagged`,
  );
  console.log(`talk-off: ${speechFalseDigits} false digits in ${(talkOffSeconds / 60).toFixed(1)} min of speech, music and call-tone audio`);
  console.log('\nclass               TP  FN  FP  recall  precision  median delay  max delay');
  let ok = digitAccuracy >= 0.99 && speechFalseDigits === 0 && rejectFalseDigits === 0;
  for (const [label, s] of stats) {
    const recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
    const precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    const sorted = [...s.delays].sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
    const max = sorted.length ? sorted[sorted.length - 1]! : 0;
    const gated = GATED.includes(label);
    if (gated && (recall < 0.95 || precision < 0.95)) ok = false;
    console.log(
      `${label.padEnd(18)} ${String(s.tp).padStart(3)} ${String(s.fn).padStart(3)} ${String(s.fp).padStart(3)}  ${(recall * 100).toFixed(1).padStart(5)} %  ${(precision * 100).toFixed(1).padStart(6)} %  ${median.toFixed(2).padStart(9)} s  ${max.toFixed(2).padStart(7)} s${gated ? '' : '  (reported, not gated)'}`,
    );
  }
  if (failures.length) console.log(`\n${failures.length} problems:\n  ${failures.slice(0, 40).join('\n  ')}`);
  console.log(ok ? '\ncall-state eval PASSED' : '\ncall-state eval FAILED');
  return ok ? 0 : 1;
}

process.exitCode = main();
