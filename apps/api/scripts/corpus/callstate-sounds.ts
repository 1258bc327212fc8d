import type { Piece } from './callstate-render.js';

/** Silence (the noise bed shows through). */
export function gap(seconds: number): Piece {
  return { kind: 'gap', seconds };
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
export const VOICES: { voice: string; pitch: number; rate: number }[] = [
  { voice: 'en-us', pitch: 50, rate: 165 },
  { voice: 'en-gb', pitch: 40, rate: 150 },
  { voice: 'en-us+f3', pitch: 70, rate: 170 },
  { voice: 'en-gb+f2', pitch: 85, rate: 155 },
  { voice: 'en-us+m3', pitch: 30, rate: 185 },
  { voice: 'en-gb-scotland', pitch: 55, rate: 140 },
];

export function speech(index: number, sentences = 2): Piece[] {
  const v = VOICES[index % VOICES.length]!;
  const text = Array.from({ length: sentences }, (_, i) => SENTENCES[(index + i) % SENTENCES.length]).join(' ');
  return [{ kind: 'speech', text, voice: v.voice, rate: v.rate, pitch: v.pitch }];
}

/** Repeat a cadence (alternating on/off seconds) `cycles` times with the given tone. */
export function cadence(pattern: number[], cycles: number, frequencies: number[], levelDb: number): Piece[] {
  const amp = 10 ** (levelDb / 20);
  return Array.from({ length: cycles }).flatMap(() =>
    pattern.map((s, i) => (i % 2 === 0 ? { kind: 'tone' as const, seconds: s, frequencies, amplitudes: frequencies.map(() => amp) } : gap(s))),
  );
}

const NOTE = (semitonesFromA4: number) => 440 * 2 ** (semitonesFromA4 / 12);
/** Chord progressions (root positions, semitones from A4) and melodies over a pad. */
export function chords(seconds: number, variant: number): Piece[] {
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

export function melody(seconds: number, variant: number, wave: 'triangle' | 'pluck' = 'triangle', amplitude = 0.3): Piece[] {
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
