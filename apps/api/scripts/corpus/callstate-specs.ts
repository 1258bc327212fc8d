import type { Piece } from './callstate-render.js';

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

const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = '123A456B789C*0#D';
const BED_DB = -62;

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

function gap(seconds: number): Piece {
  return { kind: 'gap', seconds };
}

function dtmfString(digits: string, toneS: number, pauseS: number, levelDb: number, twistDb: number, offset = 0): Piece[] {
  return [gap(0.3), ...[...digits].flatMap((d) => [key(d, toneS, levelDb, twistDb, offset), gap(pauseS)]), gap(0.4)];
}

const SENTENCES = [
  'Thank you for calling. Your call is important to us.',
  'Hello, this is Sam speaking, how can I help you today?',
  'I was wondering whether the parcel arrived on Tuesday or on Wednesday.',
  'Please hold on a moment while I look up your account details.',
  'We have moved the appointment to half past three next Thursday.',
  'Could you spell your surname for me, please?',
  'The weather has been lovely, although the evenings are getting colder.',
  'Right, I can see the order here, it was dispatched this morning.',
];
const VOICES: { voice: string; pitch: number; rate: number }[] = [
  { voice: 'en-us', pitch: 50, rate: 165 },
  { voice: 'en-gb', pitch: 40, rate: 150 },
  { voice: 'en-us+f3', pitch: 70, rate: 170 },
  { voice: 'en-gb+f2', pitch: 85, rate: 155 },
  { voice: 'en-us+m3', pitch: 30, rate: 185 },
  { voice: 'en-gb-scotland', pitch: 55, rate: 140 },
];

function speech(index: number, sentences = 2): Piece[] {
  const v = VOICES[index % VOICES.length]!;
  const text = Array.from({ length: sentences }, (_, i) => SENTENCES[(index + i) % SENTENCES.length]).join(' ');
  return [{ kind: 'speech', text, voice: v.voice, rate: v.rate, pitch: v.pitch }];
}

/** Repeat a cadence (alternating on/off seconds) `cycles` times with the given tone. */
function cadence(pattern: number[], cycles: number, frequencies: number[], levelDb: number): Piece[] {
  const amp = 10 ** (levelDb / 20);
  return Array.from({ length: cycles }).flatMap(() =>
    pattern.map((s, i) => (i % 2 === 0 ? { kind: 'tone' as const, seconds: s, frequencies, amplitudes: frequencies.map(() => amp) } : gap(s))),
  );
}

const NOTE = (semitonesFromA4: number) => 440 * 2 ** (semitonesFromA4 / 12);
/** Chord progressions (root positions, semitones from A4) and melodies over a pad. */
function chords(seconds: number, variant: number): Piece[] {
  const progressions = [
    [[-9, -5, -2], [-4, 0, 3], [-7, -3, 0], [-2, 2, 5]],
    [[-12, -8, -5, -1], [-7, -3, 0, 4], [-10, -6, -3, 0], [-5, -1, 2, 5]],
  ];
  const progression = progressions[variant % 2]!;
  const each = variant % 2 === 0 ? 1.2 : 0.9;
  const count = Math.ceil(seconds / each);
  return Array.from({ length: count }, (_, i) => ({
    kind: 'chord' as const,
    seconds: each,
    frequencies: progression[i % progression.length]!.map(NOTE),
    amplitude: 0.25,
    wave: variant % 2 === 0 ? ('triangle' as const) : ('sine' as const),
  }));
}

function melody(seconds: number, variant: number, wave: 'triangle' | 'pluck' = 'triangle', amplitude = 0.3): Piece[] {
  const tunes = [
    [3, 5, 7, 8, 7, 5, 3, 0, 2, 3, 5, 3],
    [0, 4, 7, 12, 11, 7, 9, 5, 4, 2, 0, -1],
  ];
  const tune = tunes[variant % 2]!;
  const each = variant % 2 === 0 ? 0.4 : 0.3;
  const count = Math.ceil(seconds / each);
  return Array.from({ length: count }, (_, i) => ({
    kind: 'chord' as const,
    seconds: each,
    // A melody note over a held root and fifth, as queue music does.
    frequencies: [NOTE(tune[i % tune.length]!), NOTE(-21), NOTE(-14)],
    amplitude,
    wave,
  }));
}

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
      const noiseDb = snr === null ? BED_DB : levelDb - snr;
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
    specs.push({ name: `dtmf-offset${offset * 100}pct`, group: 'dtmf', parts: [{ pieces: dtmfString(all, 0.06, 0.06, -15, 2, offset) }], noise: [{ levelDb: BED_DB }], digits: all, label: () => [] });
  }
  specs.push({ name: 'dtmf-dropout-bridged', group: 'dtmf', parts: [{ pieces: [gap(0.3), ...'5938'.split('').flatMap((d) => [key(d, 0.06, -15, 0), gap(0.008), key(d, 0.06, -15, 0), gap(0.1)])] }], noise: [{ levelDb: BED_DB }], digits: '5938', label: () => [] });
  const rejects: [string, Piece[]][] = [
    ['dtmf-reject-30ms', dtmfString('147*2580369#', 0.03, 0.06, -15, 0)],
    ['dtmf-reject-plus4pct', dtmfString('147*2580369#', 0.08, 0.08, -15, 0, 0.04)],
    ['dtmf-reject-minus4pct', dtmfString('147*2580369#', 0.08, 0.08, -15, 0, -0.04)],
    ['dtmf-reject-twist-normal11dB', dtmfString('147*2580369#', 0.08, 0.08, -12, 11)],
    ['dtmf-reject-twist-reverse7dB', dtmfString('147*2580369#', 0.08, 0.08, -12, -7)],
  ];
  for (const [name, pieces] of rejects) specs.push({ name, group: 'dtmf-reject', parts: [{ pieces }], noise: [{ levelDb: BED_DB }], digits: '', label: () => [] });

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
