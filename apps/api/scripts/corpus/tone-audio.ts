import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { decodeWav } from '@linnet/engine';

const run = promisify(execFile);
export const SAMPLE_RATE = 16_000;

/** Speak SSML with espeak-ng and return 16 kHz mono samples in -1..1, scaled by `gainDb` in sox. */
export async function speak(ssml: string, voice: string, gainDb: number, scratch: string): Promise<Float32Array> {
  const raw = `${scratch}.espeak.wav`;
  const resampled = `${scratch}.16k.wav`;
  await run('espeak-ng', ['-m', '-v', voice, '-w', raw, ssml]);
  // -D: no dither; sox's default dither is random and would make every corpus run differ.
  await run('sox', ['-D', raw, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', resampled, 'gain', String(gainDb)]);
  const { samples } = decodeWav(await readFile(resampled));
  await Promise.all([rm(raw), rm(resampled)]);
  return fromPcm(samples);
}

/** Concatenate speech and silences (given in seconds) into one signal. */
export function concat(parts: Array<Float32Array | number>): Float32Array {
  const lengths = parts.map((part) => (typeof part === 'number' ? Math.round(part * SAMPLE_RATE) : part.length));
  const out = new Float32Array(lengths.reduce((sum, length) => sum + length, 0));
  let at = 0;
  parts.forEach((part, i) => {
    if (typeof part !== 'number') out.set(part, at);
    at += lengths[i]!;
  });
  return out;
}

/** First and last 10 ms block above -45 dBFS, in seconds: where speech really starts and stops. */
export function speechBounds(signal: Float32Array): [number, number] {
  const hop = SAMPLE_RATE / 100;
  let first = -1;
  let last = -1;
  for (let block = 0; block * hop + hop <= signal.length; block++) {
    let energy = 0;
    for (let i = block * hop; i < (block + 1) * hop; i++) energy += signal[i]! ** 2;
    if (10 * Math.log10(energy / hop + 1e-12) > -45) {
      if (first < 0) first = block;
      last = block;
    }
  }
  return [first / 100, (last + 1) / 100];
}

/** Active speech level in dBFS: power over 10 ms blocks within 30 dB of the loudest (after ITU-T P.56). */
export function activeLevelDb(signal: Float32Array): number {
  const hop = SAMPLE_RATE / 100;
  const levels: number[] = [];
  for (let at = 0; at + hop <= signal.length; at += hop) {
    let energy = 0;
    for (let i = at; i < at + hop; i++) energy += signal[i]! ** 2;
    levels.push(energy / hop);
  }
  const loudest = Math.max(...levels);
  const active = levels.filter((power) => power > loudest / 1000);
  return 10 * Math.log10(active.reduce((sum, power) => sum + power, 0) / Math.max(1, active.length));
}

export type NoiseColour = 'white' | 'pink' | 'brown';

/** Seeded noise (mulberry32), so the corpus is identical on every run; unit RMS. */
export function noise(colour: NoiseColour, length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  const out = new Float32Array(length);
  // Pink: Paul Kellet's economy filter; brown: leaky integrator of white noise.
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let brown = 0;
  for (let i = 0; i < length; i++) {
    const white = uniform();
    if (colour === 'white') out[i] = white;
    else if (colour === 'pink') {
      b0 = 0.99765 * b0 + white * 0.099046;
      b1 = 0.963 * b1 + white * 0.2965164;
      b2 = 0.57 * b2 + white * 1.0526913;
      out[i] = b0 + b1 + b2 + white * 0.1848;
    } else {
      brown = 0.998 * brown + white;
      out[i] = brown;
    }
  }
  let power = 0;
  for (const sample of out) power += sample * sample;
  const scale = 1 / Math.sqrt(power / length);
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/** Add noise at `levelDb` dBFS RMS to a copy of `signal`. */
export function withNoise(signal: Float32Array, colour: NoiseColour, levelDb: number, seed: number): Float32Array {
  const added = noise(colour, signal.length, seed);
  const gain = 10 ** (levelDb / 20);
  return signal.map((sample, i) => sample + gain * added[i]!);
}

// 16 kHz mono 16-bit raw PCM on sox's standard input or output.
const RAW16 = ['-t', 'raw', '-r', String(SAMPLE_RATE), '-e', 'signed', '-b', '16', '-c', '1'];

/**
 * A copy of `signal` as a narrowband phone call delivers it: band-limited to 300-3400 Hz, sampled at
 * 8 kHz and G.711 mu-law coded (sox), then back at 16 kHz, the rate the engine is given. The voice's
 * fundamental (85-255 Hz) is gone; only its harmonics remain.
 */
export async function telephoneBand(signal: Float32Array): Promise<Float32Array> {
  const ulaw8 = ['-t', 'raw', '-r', '8000', '-e', 'u-law', '-c', '1'];
  // -D: no dither, so every corpus run writes the same files.
  const narrow = await sox(['-D', ...RAW16, '-', ...ulaw8, '-', 'sinc', '300-3400'], signal);
  return fromPcm(await sox(['-D', ...ulaw8, '-', ...RAW16, '-'], narrow));
}

/**
 * A copy of `signal` heard across a reverberant room (sox `reverb 50 50 100`: half reverberance, half
 * high-frequency damping, the largest room; wet and dry mixed), 3 dB down so the tail does not clip.
 */
export async function inRoom(signal: Float32Array): Promise<Float32Array> {
  const wet = fromPcm(await sox(['-D', ...RAW16, '-', ...RAW16, '-', 'reverb', '50', '50', '100', 'gain', '-3'], signal));
  // reverb lets its tail ring on past the input: keep the file's length, so its labelled times still hold.
  return wet.subarray(0, signal.length);
}

/** Runs sox on `input` (samples in -1..1 as 16-bit PCM, or bytes already in the format `args` reads) and returns its output bytes. */
function sox(args: string[], input: Float32Array | Buffer): Promise<Buffer> {
  const bytes = input instanceof Float32Array ? Buffer.from(toPcm(input).buffer) : input;
  return new Promise((resolve, reject) => {
    const child = execFile('sox', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    // sox exiting early closes its input: that is an error of this call, not of the process.
    child.stdin!.on('error', reject);
    child.stdin!.end(bytes);
  });
}

/** 16-bit PCM (samples, or their little-endian bytes) as -1..1 samples: the inverse of `toPcm`. */
export function fromPcm(pcm: Int16Array | Buffer): Float32Array {
  const samples = pcm instanceof Int16Array ? pcm : new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
  return Float32Array.from(samples, (sample) => sample / 32768);
}

/** Convert -1..1 samples to 16-bit PCM, clipping rather than wrapping. */
export function toPcm(signal: Float32Array): Int16Array {
  return Int16Array.from(signal, (sample) => Math.max(-32768, Math.min(32767, Math.round(sample * 32768))));
}
