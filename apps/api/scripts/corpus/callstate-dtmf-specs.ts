import type { Piece } from './callstate-render.js';
import { gap } from './callstate-sounds.js';
import type { FileSpec } from './callstate-specs.js';

const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = '123A456B789C*0#D';

function key(digit: string, seconds: number, levelDb: number, twistDb: number, offset = 0): Piece {
  const index = KEYS.indexOf(digit);
  // Positive twist: low group louder (normal twist); negative: high group louder (reverse).
  const low = 10 ** (levelDb / 20);
  const high = 10 ** ((levelDb - twistDb) / 20);
  return {
    kind: 'tone',
    seconds,
    frequencies: [ROWS[index >> 2]! * (1 + offset), COLS[index & 3]! * (1 + offset)],
    amplitudes: [low, high],
  };
}

function dtmfString(digits: string, toneS: number, pauseS: number, levelDb: number, twistDb: number, offset = 0): Piece[] {
  return [gap(0.3), ...[...digits].flatMap((d) => [key(d, toneS, levelDb, twistDb, offset), gap(pauseS)]), gap(0.4)];
}

/** DTMF files that must decode exactly, and reject files where every tone must be refused. */
export function dtmfSpecs(bedDb: number): FileSpec[] {
  const specs: FileSpec[] = [];
  const all = '123A456B789C*0#D1122';
  const durations = [0.04, 0.05, 0.07, 0.1, 0.2];
  const levels = [-8, -18, -28];
  const twists = [0, 6, -3];
  const snrs = [null, 20, 15];
  durations.forEach((toneS, d) =>
    levels.forEach((levelDb, l) => {
      const twistDb = twists[(d + l) % 3]!;
      const snr = snrs[(d + 2 * l) % 3] ?? null;
      // Noise RMS relative to the pair's RMS (each tone at levelDb peak: RMS = level - 3 dB, +3 dB for two).
      const noiseDb = snr === null ? bedDb : levelDb - snr;
      const pauseS = Math.max(0.045, toneS);
      specs.push({
        name: `dtmf-${Math.round(toneS * 1000)}ms-${-levelDb}dB-twist${twistDb}-snr${snr ?? 'clean'}`,
        group: 'dtmf',
        parts: [{ pieces: dtmfString(all, toneS, pauseS, levelDb, twistDb) }],
        noise: [{ levelDb: noiseDb }],
        digits: all,
        label: () => [],
      });
    }),
  );
  for (const offset of [0.015, -0.015]) {
    specs.push({ name: `dtmf-offset${offset * 100}pct`, group: 'dtmf', parts: [{ pieces: dtmfString(all, 0.06, 0.06, -15, 2, offset) }], noise: [{ levelDb: bedDb }], digits: all, label: () => [] });
  }
  specs.push({ name: 'dtmf-dropout-bridged', group: 'dtmf', parts: [{ pieces: [gap(0.3), ...'5938'.split('').flatMap((d) => [key(d, 0.06, -15, 0), gap(0.008), key(d, 0.06, -15, 0), gap(0.1)])] }], noise: [{ levelDb: bedDb }], digits: '5938', label: () => [] });
  const rejects: [string, Piece[]][] = [
    ['dtmf-reject-30ms', dtmfString('147*2580369#', 0.03, 0.06, -15, 0)],
    ['dtmf-reject-plus4pct', dtmfString('147*2580369#', 0.08, 0.08, -15, 0, 0.04)],
    ['dtmf-reject-minus4pct', dtmfString('147*2580369#', 0.08, 0.08, -15, 0, -0.04)],
    ['dtmf-reject-twist-normal11dB', dtmfString('147*2580369#', 0.08, 0.08, -12, 11)],
    ['dtmf-reject-twist-reverse7dB', dtmfString('147*2580369#', 0.08, 0.08, -12, -7)],
  ];
  for (const [name, pieces] of rejects) specs.push({ name, group: 'dtmf-reject', parts: [{ pieces }], noise: [{ levelDb: bedDb }], digits: '', label: () => [] });

  return specs;
}
