import { analyseWav, createProsodyEngine, toneModelInputs, type Deviation, type PcmAudio, type ToneModelFeatures, type ToneScorer } from '@linnet/engine';
import type { ToneLabel } from '@linnet/shared';
import type { FamilyEntry } from '../corpus/family-manifest.js';
import type { StreamedFile } from './family-scoring.js';
import type { Sample } from './tone-model-fit.js';

/** What a file needs to be streamed and taught from: its labelled segment (family or espeak tone corpus). */
export interface LabelledFile {
  file: string;
  label: ToneLabel;
  segmentStartS: number;
  segmentEndS: number;
}

/** One tone window's deviations from the speaker's norm, as the scorer saw them. */
export interface WindowDeviation {
  z: Deviation;
  rise: number;
  startS: number;
}

/** A file streamed through the engine: its tone events (raw confidence) and each tone window's deviations. */
export interface RecordedFile<E extends LabelledFile = FamilyEntry> {
  file: StreamedFile & { entry: E };
  deviations: WindowDeviation[];
}

/**
 * Streams one file through the real engine with `scorer` (1 s windows, raw confidence), recording the
 * deviations each tone window was scored on. The deviations do not depend on the scorer (the baseline
 * learns from measurements, not labels), so one recording serves every model fitted on it.
 */
export function streamRecorded<E extends LabelledFile>(audio: PcmAudio, entry: E, scorer: ToneScorer): RecordedFile<E> {
  const seen: Array<{ z: Deviation; rise: number; narrowband: boolean }> = [];
  const recording: ToneScorer = (z, rise, narrowband) => {
    seen.push({ z: { ...z }, rise, narrowband: narrowband === true });
    return scorer(z, rise, narrowband);
  };
  const events = analyseWav(audio, {
    windowMs: 1000,
    finalWindow: 'skip',
    createEngine: (options) => createProsodyEngine({ ...options, rawConfidence: true, toneScorer: recording }),
  });
  // One scorer call per tone event, in order (a speech window is observed once and makes one event): the event's line is the call's.
  const toneEvents = events.filter((event) => event.event_type === 'tone');
  if (toneEvents.length !== seen.length) throw new Error(`${entry.file}: ${toneEvents.length} tone events but ${seen.length} scored windows`);
  const tones = toneEvents.map((event, i) => ({ startS: event.timestamp, label: event.label, raw: event.confidence, narrowband: seen[i]!.narrowband }));
  // Only family entries (with their phrases) reach scoreFiles; espeak tone-corpus ones are scored per file label.
  const file = { entry: entry as FamilyEntry & E, tones };
  return { file, deviations: seen.map(({ z, rise }, i) => ({ z, rise, startS: tones[i]!.startS })) };
}

/**
 * Training windows: the labelled segment's windows of `files`, each taught its file's label;
 * Questioning files (phrase-final, not a window style) are taught as Calm or left out.
 */
export function trainingSamples(files: Iterable<RecordedFile<LabelledFile>>, features: ToneModelFeatures, questions: 'calm' | 'drop'): Sample[] {
  const out: Sample[] = [];
  for (const { file, deviations } of files) {
    const { entry } = file;
    let label = entry.label as string;
    if (label === 'Questioning') {
      if (questions === 'drop') continue;
      label = 'Calm';
    }
    for (const d of deviations) {
      if (d.startS < entry.segmentStartS - 0.05 || d.startS >= entry.segmentEndS) continue;
      out.push({ x: toneModelInputs(d.z, features), label: label as Sample['label'] });
    }
  }
  return out;
}
