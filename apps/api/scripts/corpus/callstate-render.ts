import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RATE = '16000';
/** sox's whitenoise at `vol 1` has this RMS amplitude (measured), used to set noise levels in dBFS. */
const WHITENOISE_RMS = 0.3236;

/** One stretch of a call-audio file, rendered by sox or espeak-ng. */
export type Piece =
  | { kind: 'tone'; seconds: number; frequencies: number[]; amplitudes: number[] }
  | { kind: 'gap'; seconds: number }
  | { kind: 'chord'; seconds: number; frequencies: number[]; amplitude: number; wave: 'triangle' | 'sine' | 'square' | 'pluck' }
  | { kind: 'speech'; text: string; voice: string; rate: number; pitch: number };

/** A sox call (-R: repeatable, seeded noise) writing 16 kHz mono 16-bit. */
async function sox(args: string[]): Promise<void> {
  await run('sox', ['-R', ...args]);
}

/** Renders in flight or done, by output path: two workers never write the same piece at once. */
const rendered = new Map<string, Promise<string>>();

/** Render a piece into the cache folder once (keyed by its content) and return its path. */
export function renderPiece(piece: Piece, cacheDir: string): Promise<string> {
  const key = createHash('sha1').update(JSON.stringify(piece)).digest('hex').slice(0, 16);
  const out = join(cacheDir, `${piece.kind}-${key}.wav`);
  let pending = rendered.get(out);
  if (!pending) {
    pending = renderTo(piece, out);
    rendered.set(out, pending);
  }
  return pending;
}

async function renderTo(piece: Piece, out: string): Promise<string> {
  const fmt = ['-r', RATE, '-b', '16', '-c', '1'];
  if (piece.kind === 'gap') {
    await sox(['-n', ...fmt, out, 'trim', '0', piece.seconds.toFixed(4)]);
  } else if (piece.kind === 'tone') {
    const synth = piece.frequencies.flatMap((f) => ['sine', f.toFixed(2)]);
    const remix = piece.amplitudes.map((a, i) => `${i + 1}v${a.toFixed(5)}`).join(',');
    await sox(['-n', '-r', RATE, '-b', '16', out, 'synth', piece.seconds.toFixed(4), ...synth, 'remix', remix]);
  } else if (piece.kind === 'chord') {
    const synth = piece.frequencies.flatMap((f) => [piece.wave, f.toFixed(2)]);
    const share = piece.amplitude / piece.frequencies.length;
    const remix = piece.frequencies.map((_, i) => `${i + 1}v${share.toFixed(5)}`).join(',');
    // Short fades: legato notes without clicks, as queue music is usually played.
    await sox(['-n', '-r', RATE, '-b', '16', out, 'synth', piece.seconds.toFixed(4), ...synth, 'remix', remix, 'fade', '0.01', piece.seconds.toFixed(4), '0.02']);
  } else {
    const raw = `${out}.espeak.wav`;
    await run('espeak-ng', ['-v', piece.voice, '-s', String(piece.rate), '-p', String(piece.pitch), '-w', raw, piece.text]);
    // Trim espeak's leading and trailing silence so labelled segment edges are the voice's edges.
    await sox([raw, ...fmt, out, 'silence', '1', '0.02', '-45d', 'reverse', 'silence', '1', '0.02', '-45d', 'reverse', 'norm', '-3', 'vol', '0.35']);
    await run('rm', ['-f', raw]);
  }
  return out;
}

/** Duration of a WAV in seconds, from soxi. */
export async function durationOf(path: string): Promise<number> {
  const { stdout } = await run('soxi', ['-D', path]);
  return Number(stdout.trim());
}

/** White noise of `seconds` at `levelDb` dBFS RMS. */
export function renderNoise(seconds: number, levelDb: number, cacheDir: string): Promise<string> {
  const out = join(cacheDir, `noise-${seconds.toFixed(3)}-${levelDb}.wav`);
  let pending = rendered.get(out);
  if (!pending) {
    pending = renderNoiseTo(seconds, levelDb, out);
    rendered.set(out, pending);
  }
  return pending;
}

async function renderNoiseTo(seconds: number, levelDb: number, out: string): Promise<string> {
  const vol = 10 ** (levelDb / 20) / WHITENOISE_RMS;
  await sox(['-n', '-r', RATE, '-b', '16', '-c', '1', out, 'synth', seconds.toFixed(4), 'whitenoise', 'vol', vol.toFixed(6)]);
  return out;
}

/** Concatenate pieces, then mix in the noise bed (several levels in turn when `noise` has steps). */
export async function assemble(
  paths: string[],
  noise: { seconds: number; levelDb: number }[],
  out: string,
  cacheDir: string,
  effects: string[] = [],
): Promise<void> {
  const body = `${out}.body.wav`;
  await sox([...paths, body]);
  const beds = await Promise.all(noise.map((step) => renderNoise(step.seconds, step.levelDb, cacheDir)));
  const bed = `${out}.bed.wav`;
  await sox([...beds, bed]);
  await sox(['-m', '-v', '1', body, '-v', '1', bed, out, 'trim', '0', String(await durationOf(body)), ...effects]);
  await run('rm', ['-f', body, bed]);
}
