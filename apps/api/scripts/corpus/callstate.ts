/**
 * Call-state corpus: DTMF strings, region ringback/busy cadences (nominal and drifted), hold-music
 * chords and melodies, silence/dead air, noise-floor steps and espeak-ng speech, written with sox
 * into apps/api/.corpus/callstate/ with a manifest of ground-truth segments. Deterministic: sox -R
 * seeds its noise, and every parameter below is fixed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, durationOf, renderPiece, type Piece } from './callstate-render.js';
import { buildSpecs, type FileSpec, type Segment } from './callstate-specs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../.corpus/callstate');
const cacheDir = join(root, '.pieces');

/** One corpus file as the eval reads it. */
export interface ManifestEntry {
  file: string;
  group: FileSpec['group'];
  durationS: number;
  segments: Segment[];
  /** Keypad digits the file contains ('' where every tone must be rejected or there are none). */
  digits: string;
}

async function build(spec: FileSpec): Promise<ManifestEntry> {
  const paths: string[] = [];
  const partTimes: { start: number; end: number }[] = [];
  let t = 0;
  for (const part of spec.parts) {
    const start = t;
    for (const piece of part.pieces as Piece[]) {
      const path = await renderPiece(piece, cacheDir);
      paths.push(path);
      t += piece.kind === 'speech' ? await durationOf(path) : piece.seconds;
    }
    partTimes.push({ start, end: t });
  }
  const noise = spec.noise.map((step) => ({ ...step, seconds: step.seconds ?? t + 0.1 }));
  const file = `${spec.name}.wav`;
  await assemble(paths, noise, join(root, file), cacheDir, spec.effects);
  return { file, group: spec.group, durationS: round(t), segments: spec.label(partTimes, t).map(roundSegment), digits: spec.digits ?? '' };
}

async function main(): Promise<void> {
  const started = Date.now();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const specs = buildSpecs();
  const entries: ManifestEntry[] = new Array(specs.length);
  // Two workers: the machine has two cores shared with everyone else.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const index = next++;
      entries[index] = await build(specs[index]!);
    }
  };
  await Promise.all([worker(), worker()]);
  rmSync(cacheDir, { recursive: true, force: true });
  writeFileSync(join(root, 'manifest.json'), JSON.stringify(entries, null, 1));
  const seconds = entries.reduce((sum, entry) => sum + entry.durationS, 0);
  console.log(`callstate corpus: ${entries.length} files, ${seconds.toFixed(0)} s of audio in ${((Date.now() - started) / 1000).toFixed(1)} s → ${root}`);
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function roundSegment(segment: Segment): Segment {
  return { ...segment, start: round(segment.start), end: round(segment.end) };
}

await main();
