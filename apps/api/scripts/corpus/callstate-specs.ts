import type { Piece } from './callstate-render.js';
import { dtmfSpecs } from './callstate-dtmf-specs.js';
import { cadence, chords, gap, melody, speech, VOICES } from './callstate-sounds.js';

/** A ground-truth state: true from `start` to `end`; it must be reported within `maxDelayS`. */
export interface Segment {
  label: string;
  start: number;
  end: number;
  maxDelayS: number;
}

type Part = { pieces: Piece[]; role?: 'ringback' | 'busy' | 'music' | 'speech' | 'quiet'; cycleS?: number };

/** How one corpus file is built and labelled. */
export interface FileSpec {
  name: string;
  group: 'dtmf' | 'dtmf-reject' | 'state' | 'speech';
  parts: Part[];
  /** Noise bed steps in order (the last one runs to the end when `seconds` is omitted). */
  noise: { seconds?: number; levelDb: number }[];
  digits?: string;
  /** sox effects applied to the finished mix, e.g. the telephone band. */
  effects?: string[];
  label: (parts: { start: number; end: number }[], total: number) => Segment[];
}

const BED_DB = -62;

/** Default labelling from part roles (see docs/call-state.md, "Ground truth"). */
function labelParts(spec: { parts: Part[] }) {
  return (times: { start: number; end: number }[]): Segment[] => {
    const segments: Segment[] = [];
    spec.parts.forEach((part, i) => {
      const { start, end } = times[i]!;
      if (part.role === 'ringback' || part.role === 'busy') {
        segments.push({ label: part.role, start, end, maxDelayS: Math.max(2, 2 * (part.cycleS ?? 1)) });
      } else if (part.role === 'music' && end - start >= 3) {
        segments.push({ label: 'hold_music', start: start + 3, end, maxDelayS: 2 });
      } else if (part.role === 'speech' && i > 0) {
        segments.push({ label: 'speech', start, end, maxDelayS: 2 });
      } else if (part.role === 'quiet') {
        if (end - start >= 2) segments.push({ label: 'silence', start: start + 2, end: Math.min(end, start + 8), maxDelayS: 2 });
        if (end - start >= 8) segments.push({ label: 'dead_air', start: start + 8, end, maxDelayS: 2 });
      }
    });
    return segments;
  };
}

/** Telephone band (300-3400 Hz), as a narrowband call delivers it. */
const PHONE_BAND = ['sinc', '300-3400'];

function stateFile(
  name: string,
  parts: Part[],
  noise: FileSpec['noise'] = [{ levelDb: BED_DB }],
  group: FileSpec['group'] = 'state',
  effects?: string[],
): FileSpec {
  return { name, group, parts, noise, effects, label: labelParts({ parts }) };
}

/** Every corpus file, in a fixed order. */
export function buildSpecs(): FileSpec[] {
  const specs: FileSpec[] = dtmfSpecs(BED_DB);
  for (let i = 0; i < VOICES.length * 2; i++) {
    specs.push(stateFile(`speech-talkoff-${i}`, [{ pieces: speech(i, 3), role: 'speech' }], [{ levelDb: i % 2 ? -45 : BED_DB }], 'speech'));
  }

  const regions = {
    na: { ring: [440, 480], busy: [480, 620], ringCadence: [2, 4], busyCadence: [0.5, 0.5] },
    eu: { ring: [425], busy: [425], ringCadence: [1, 4], busyCadence: [0.5, 0.5] },
    uk: { ring: [400, 450], busy: [400], ringCadence: [0.4, 0.2, 0.4, 2], busyCadence: [0.375, 0.375] },
  };
  const drifts: Record<string, number[][]> = {
    na: [[1.2, 4], [1, 3]],
    eu: [[1.2, 4], [1, 3]],
    uk: [[0.45, 0.22, 0.45, 2.2], [0.35, 0.2, 0.35, 1.7]],
  };
  let v = 0;
  for (const [region, plan] of Object.entries(regions)) {
    for (const pattern of [plan.ringCadence, ...drifts[region]!]) {
      const cycleS = pattern.reduce((a, b) => a + b, 0);
      const cycles = Math.ceil(14 / cycleS);
      specs.push(
        stateFile(`ringback-${region}-${pattern.join('_')}-then-speech`, [
          { pieces: cadence(pattern, cycles, plan.ring, -14 - (v % 3) * 6), role: 'ringback', cycleS },
          { pieces: speech(v++), role: 'speech' },
        ]),
      );
    }
    const busyPatterns = [plan.busyCadence, plan.busyCadence.map((s, i) => s * (i % 2 ? 1.15 : 0.9))];
    if (region === 'na') busyPatterns.push([0.25, 0.25]);
    for (const pattern of busyPatterns) {
      const cycleS = pattern.reduce((a, b) => a + b, 0);
      specs.push(
        stateFile(`busy-${region}-${pattern.map((s) => s.toFixed(3)).join('_')}`, [
          { pieces: cadence(pattern, Math.ceil(8 / cycleS), plan.busy, -16 - (v++ % 3) * 6), role: 'busy', cycleS },
        ], [{ levelDb: v % 2 ? -50 : BED_DB }]),
      );
    }
  }

  for (let i = 0; i < 4; i++) {
    const music = i < 2 ? chords(14, i) : melody(14, i);
    specs.push(stateFile(`hold-music-${i < 2 ? 'chords' : 'melody'}${i % 2}-then-speech`, [{ pieces: music, role: 'music' }, { pieces: speech(i + 2), role: 'speech' }]));
  }
  // Queue music interrupted by an announcement, then back to music (and again for the melody).
  specs.push(
    stateFile('hold-music-announcement-hold-music', [
      { pieces: chords(8, 0), role: 'music' },
      { pieces: speech(2), role: 'speech' },
      { pieces: chords(9, 1), role: 'music' },
      { pieces: speech(5), role: 'speech' },
      { pieces: melody(8, 0), role: 'music' },
    ]),
  );
  specs.push(stateFile('hold-music-then-dead-air', [{ pieces: chords(10, 1), role: 'music' }, { pieces: [gap(11)], role: 'quiet' }]));
  specs.push(
    stateFile('sequence-ringback-na-hold-music-speech', [
      { pieces: cadence([2, 4], 2, [440, 480], -15), role: 'ringback', cycleS: 6 },
      { pieces: chords(12, 0), role: 'music' },
      { pieces: speech(1), role: 'speech' },
    ]),
  );
  specs.push(
    stateFile('sequence-ringback-uk-melody-speech', [
      { pieces: cadence([0.4, 0.2, 0.4, 2], 4, [400, 450], -18), role: 'ringback', cycleS: 3 },
      { pieces: melody(12, 1), role: 'music' },
      { pieces: speech(4), role: 'speech' },
    ]),
  );
  specs.push(
    stateFile('sequence-ringback-eu-speech-silence-speech', [
      { pieces: cadence([1, 4], 3, [425], -12), role: 'ringback', cycleS: 5 },
      { pieces: speech(3), role: 'speech' },
      { pieces: [gap(10)], role: 'quiet' },
      { pieces: speech(5), role: 'speech' },
    ]),
  );
  for (let i = 0; i < 3; i++) {
    specs.push(stateFile(`silence-${[3, 5, 12][i]}s-between-speech-${i}`, [{ pieces: speech(i) }, { pieces: [gap([3, 5, 12][i]!)], role: 'quiet' }, { pieces: speech(i + 3), role: 'speech' }], [{ levelDb: [BED_DB, -50, -70][i]! }]));
  }
  // Harder conditions: noisy and telephone-band speech, quiet and plucked music, noisy ringback.
  for (let i = 0; i < 4; i++) {
    specs.push(stateFile(`speech-talkoff-noisy-${i}`, [{ pieces: speech(i + 1, 3), role: 'speech' }], [{ levelDb: -35 }], 'speech', i % 2 ? PHONE_BAND : undefined));
  }
  specs.push(stateFile('hold-music-quiet-chords-then-speech', [{ pieces: chords(12, 0).map((p) => ({ ...p, amplitude: 0.04 })), role: 'music' }, { pieces: speech(3), role: 'speech' }], [{ levelDb: -60 }]));
  specs.push(stateFile('hold-music-pluck-melody-then-speech', [{ pieces: melody(12, 0, 'pluck', 0.5), role: 'music' }, { pieces: speech(0), role: 'speech' }]));
  specs.push(stateFile('hold-music-phone-band-noisy-then-speech', [{ pieces: melody(12, 1), role: 'music' }, { pieces: speech(5), role: 'speech' }], [{ levelDb: -45 }], 'state', PHONE_BAND));
  specs.push(
    stateFile('ringback-na-1pct-high-noisy-phone-band-then-speech', [
      { pieces: cadence([2, 4], 3, [444.4, 484.8], -20), role: 'ringback', cycleS: 6 },
      { pieces: speech(2), role: 'speech' },
    ], [{ levelDb: -42 }], 'state', PHONE_BAND),
  );
  specs.push(
    stateFile('sequence-ringback-eu-pluck-speech-phone-band', [
      { pieces: cadence([1, 4], 3, [425], -16), role: 'ringback', cycleS: 5 },
      { pieces: melody(10, 1, 'pluck', 0.5), role: 'music' },
      { pieces: speech(4), role: 'speech' },
    ], [{ levelDb: -50 }], 'state', PHONE_BAND),
  );
  specs.push(stateFile('busy-uk-noisy-phone-band', [{ pieces: cadence([0.375, 0.375], 11, [400], -20), role: 'busy', cycleS: 0.75 }], [{ levelDb: -42 }], 'state', PHONE_BAND));
  specs.push(stateFile('dead-air-from-start', [{ pieces: [gap(12)], role: 'quiet' }]));
  for (const [a, b] of [[-62, -45], [-55, -30], [-40, -58]] as const) {
    const spec = stateFile(`noise-floor-${a}-to-${b}-dB`, [{ pieces: [gap(14)], role: 'quiet' }], [{ seconds: 5, levelDb: a }, { seconds: 9.2, levelDb: b }]);
    const base = spec.label;
    spec.label = (times, total) => [...base(times, total), { label: 'noise_floor_change', start: 7, end: 14, maxDelayS: 2 }];
    specs.push(spec);
  }
  return specs;
}
