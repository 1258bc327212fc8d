import { AFFECTS, type ProsodyFlag, type ShiftDirection, type ToneEvent } from '@linnet/shared';
import { elcorSubtext, plainSubtext } from './subtext.js';
import { ShiftTrend, SHIFT_TREND, type ShiftTrendOptions } from './trend.js';

/** What an engine (prosody or sidecar) observed in one window, before it is worded for people. */
export interface ToneObservation {
  label: string;
  confidence: number;
  shift_magnitude?: number;
  speaker_id?: string;
  prosody_flags?: ProsodyFlag[];
}

export interface ToneAnnotatorOptions {
  /** Bracketed "[Label — ...]" subtext instead of a plain sentence. */
  elcor: boolean;
  /** How shift magnitudes become a direction (tests pass WINDOW_TREND to force one in two windows). @default SHIFT_TREND */
  trend?: Readonly<ShiftTrendOptions>;
}

/** Label → affect; documented in docs/tone.md. */
const LABEL_AFFECTS: Record<string, string> = {
  Calm: 'warm',
  'Matter-of-fact': 'neutral',
  Animated: 'enthusiastic',
  Tense: 'frustrated',
  Rushed: 'urgent',
  Hesitant: 'uncertain',
  Questioning: 'confused',
  Subdued: 'low-energy',
};

/** Words a sidecar classifier may use, mapped onto the affect vocabulary. */
const KEYWORD_AFFECTS: Array<[RegExp, string]> = [
  [/ang|frustrat|annoy|irrit|tense|stress/i, 'frustrated'],
  [/urgen|hurr|rush|panic|alarm/i, 'urgent'],
  [/happy|joy|excit|enthus|animat|cheer/i, 'enthusiastic'],
  [/sad|tired|bored|subdued|low/i, 'low-energy'],
  [/sorry|apolog|regret/i, 'apologetic'],
  [/confus|question|puzzl/i, 'confused'],
  [/hesita|unsure|uncertain|doubt/i, 'uncertain'],
  [/calm|warm|kind|friend|relax/i, 'warm'],
];

/** Map a label (and, for Tense, its flags) to an affect word from AFFECTS. */
export function affectFor(label: string, flags: readonly ProsodyFlag[] = []): string {
  // Tense and fast reads as pressure of time rather than irritation.
  if (label === 'Tense' && flags.includes('fast')) return 'urgent';
  if (label === 'Subdued' && flags.includes('long pauses')) return 'apologetic';
  const known = LABEL_AFFECTS[label];
  if (known) return known;
  const lower = label.toLowerCase();
  if ((AFFECTS as readonly string[]).includes(lower)) return lower;
  return KEYWORD_AFFECTS.find(([pattern]) => pattern.test(label))?.[1] ?? 'neutral';
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/**
 * Turns observations into complete tone events for one session: subtext (plain or elcor), affect,
 * and a shift direction tracked per speaker from successive shift magnitudes.
 */
export class ToneAnnotator {
  private readonly elcor: boolean;
  private readonly trend: Readonly<ShiftTrendOptions>;
  private readonly trends = new Map<string, ShiftTrend>();

  constructor({ elcor, trend = SHIFT_TREND }: ToneAnnotatorOptions) {
    this.elcor = elcor;
    this.trend = trend;
  }

  /** Word one observation as a tone event placed at `timestamp` seconds of session audio. */
  annotate(observation: ToneObservation, timestamp: number): Omit<ToneEvent, 'session_id'> {
    const speakerId = observation.speaker_id ?? 'speaker_a';
    const flags = [...new Set(observation.prosody_flags ?? [])];
    const magnitude = clamp01(observation.shift_magnitude ?? 0);
    const subtext = this.elcor
      ? elcorSubtext(observation.label, flags, magnitude)
      : plainSubtext(observation.label, flags, magnitude);
    return {
      event_type: 'tone',
      label: observation.label,
      confidence: clamp01(observation.confidence),
      speaker_id: speakerId,
      shift_magnitude: magnitude,
      shift_direction: this.directionFor(speakerId, magnitude, observation.confidence),
      timestamp,
      subtext,
      affect: affectFor(observation.label, flags),
      prosody_flags: flags,
    };
  }

  private directionFor(speakerId: string, magnitude: number, confidence: number): ShiftDirection {
    let trend = this.trends.get(speakerId);
    if (!trend) this.trends.set(speakerId, (trend = new ShiftTrend(this.trend)));
    return trend.next(magnitude, confidence);
  }
}

/** A tone annotator for one session (the public entry's name for `new ToneAnnotator`). */
export function createToneAnnotator(options: ToneAnnotatorOptions): ToneAnnotator {
  return new ToneAnnotator(options);
}
