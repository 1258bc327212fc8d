import { NoiseFloor } from './noise-floor.js';
import { PitchEstimator } from './pitch.js';

/** Per-frame measurements of one window; arrays are reused by the next call. */
export interface FrameTrack {
  /** Number of frames (10 ms hops) in this window. */
  count: number;
  /** Seconds per hop. */
  hopS: number;
  /** Level of the 20 ms frame ending at each hop, dBFS. */
  levelDb: Float32Array;
  /** Adaptive noise floor after each hop, dBFS. */
  floorDb: Float32Array;
  /** F0 in Hz on voiced frames, 0 elsewhere. */
  f0Hz: Float32Array;
  /** Spectral tilt: energy of the first difference over energy (≈0.1 voiced, ≈2 white noise). */
  tilt: Float32Array;
  /** 1 where the frame stands clear of the noise floor. */
  active: Uint8Array;
  /** 1 where the frame is active and periodic with a low-frequency spectrum (voiced speech). */
  voiced: Uint8Array;
  /** Most of this window's sound was tracked as a phone line's, with (almost) nothing under ~120 Hz (see `NarrowbandDetector`). */
  narrowband: boolean;
  /**
   * The channel this window's voice came through by its own runs' verdicts (`NarrowbandDetector`): `line`, `full`
   * band, or null when no run heard in the window has given one yet. How the engine tells two voices apart.
   */
  channel: 'line' | 'full' | null;
  /**
   * Whether `channel` rests on a verdict (a run that ended in the window, or a clear one so far) rather than on
   * the current run's sound so far alone: only a sure channel may start a second voice.
   */
  channelSure: boolean;
}

export interface FrameAnalyserOptions {
  sampleRate: number;
  /** Window length the session uses, so buffers are allocated once; a longer window grows them. */
  windowMs: number;
}

const DECIMATED_RATE = 4000;
// A frame must clear the floor by this much to count as sound rather than background.
const ACTIVE_MARGIN_DB = 6;
// Voiced speech concentrates energy below ~1 kHz; hiss and fricatives do not.
const VOICED_MAX_TILT = 1.2;
const SILENCE_DB = -100;
// The pitch estimate of a phone line's voice is replaced by the rectified copy's when it is this many times
// higher (a harmonic taken for F0: x2 to x4; a genuine disagreement within a voice is far smaller).
const HARMONIC_RATIO = 1.6;

/**
 * Tells a narrowband phone line (300-3400 Hz) from a full-band voice by the share of the sound under
 * ~120 Hz (four one-pole stages on the 4 kHz copy, which is already low-passed at 1 kHz). A full voice puts
 * its fundamental there: on the families corpus clean and with noise at 10-20 dB, -30 dB or more of the band;
 * through a phone line -35 dB or less.
 *
 * Two judgements are kept. **The session's**: the low-band and whole-band energies of all active frames, each
 * averaged (exponentially, 300 active hops), after 0.5 s of sound; louder sound weighs more. **A run's**: a run
 * is sound up to a 0.3 s pause (a phrase, or a turn); from 0.5 s of sound on its own energies give it a verdict
 * when they are clear (under -40 dB a line, over -20 dB full band), and a run that ends gives one at the
 * session's -32 dB. A voice is tracked as its run's verdict says, else as the last verdict a run gave (the
 * same talker, most likely), else as the session's. A window's channel (`FrameTrack.channel`) also takes a
 * run still going at -32 dB once it has had 1 s of sound. So when two voices take turns, the
 * user's own near the microphone and the other party's through a phone line on a speaker, each is tracked as
 * its own channel from 0.5 s into its first phrase, where the session's judgement alone followed the louder
 * one. A single voice is not given the other channel by its runs: on the families corpus' tuning files no run
 * crossed these thresholds (docs/tone.md, "Two voices").
 */
class NarrowbandDetector {
  private readonly coefficient: number;
  private stage1 = 0;
  private stage2 = 0;
  private stage3 = 0;
  private stage4 = 0;
  private averagedLow = 0;
  private averagedBand = 0;
  private activeFrames = 0;
  private sessionLine = false;
  private runLow = 0;
  private runBand = 0;
  private runHops = 0;
  private quietHops = RUN_END_HOPS;
  private lastVerdict: boolean | null = null;
  /** The current run's own verdict: a line (true), full band (false), or not clear yet (null). */
  verdict: boolean | null = null;
  /** How the voice is tracked now. */
  narrowband = false;

  constructor(decimatedRate: number) {
    this.coefficient = 1 - Math.exp((-2 * Math.PI * 120) / decimatedRate);
  }

  /**
   * One hop: its samples of the 4 kHz copy (`copy[from, to)`), and whether the hop was sound, not background.
   * When a run has just ended, returns its verdict (true a line, false full band, null too short to tell);
   * otherwise undefined.
   */
  hop(copy: Float32Array, from: number, to: number, active: boolean): boolean | null | undefined {
    const c = this.coefficient;
    let { stage1, stage2, stage3, stage4 } = this;
    let low = 0;
    let band = 0;
    for (let i = from; i < to; i++) {
      const value = copy[i]!;
      stage1 += c * (value - stage1);
      stage2 += c * (stage1 - stage2);
      stage3 += c * (stage2 - stage3);
      stage4 += c * (stage3 - stage4);
      low += stage4 * stage4;
      band += value * value;
    }
    this.stage1 = stage1;
    this.stage2 = stage2;
    this.stage3 = stage3;
    this.stage4 = stage4;
    if (!active) return ++this.quietHops === RUN_END_HOPS ? this.endRun() : undefined;
    this.quietHops = 0;
    this.averagedLow += (low - this.averagedLow) / NARROWBAND_AVERAGE_HOPS;
    this.averagedBand += (band - this.averagedBand) / NARROWBAND_AVERAGE_HOPS;
    this.activeFrames++;
    this.sessionLine = this.activeFrames >= NARROWBAND_MIN_HOPS && this.averagedLow < NARROWBAND_SHARE * this.averagedBand;
    this.runLow += low;
    this.runBand += band;
    if (++this.runHops >= RUN_VERDICT_HOPS) {
      if (this.runLow < RUN_LINE_SHARE * this.runBand) this.verdict = true;
      else if (this.runLow > RUN_FULL_SHARE * this.runBand) this.verdict = false;
    }
    this.narrowband = this.verdict ?? this.lastVerdict ?? this.sessionLine;
    return undefined;
  }

  /**
   * The current run's sound so far judged at the session's threshold: null under 0.5 s of it; `sure` from 1 s on,
   * where runs no longer straddle it (the window's channel, not the tracking, rests on it).
   */
  runGuess(): { line: boolean; sure: boolean } | null {
    if (this.runHops < RUN_VERDICT_HOPS) return null;
    return { line: this.runLow < NARROWBAND_SHARE * this.runBand, sure: this.runHops >= RUN_LONG_HOPS };
  }

  /** A run has ended: its whole sound gives its verdict (at the session's threshold), kept for the runs after it. */
  private endRun(): boolean | null {
    const verdict = this.runGuess()?.line ?? null;
    if (verdict !== null) this.lastVerdict = verdict;
    this.verdict = null;
    this.runLow = 0;
    this.runBand = 0;
    this.runHops = 0;
    return verdict;
  }
}
// Chosen on the families corpus' tuning files (docs/tone.md, "A phone line"): -32 dB sits between the
// lowest full-band voice (-29.8 dB) and the highest phone-line one (-34.7 dB).
const NARROWBAND_SHARE = 10 ** (-32 / 10);
const NARROWBAND_AVERAGE_HOPS = 300;
const NARROWBAND_MIN_HOPS = 50;
// A run ends after 0.3 s without sound (the corpus' phrases are 0.35 s apart) and has a verdict from 0.5 s of
// sound on. The thresholds leave a margin to every run of the families corpus' tuning files, clean, noisy, in a
// room and through a line (docs/tone.md, "Two voices"; judged over the run so far, at every hop from 0.5 s on):
// full-band runs reached down to -34.3 dB and phone-line ones up to -25.8 dB; from 1 s on, -30.9 and -33.0 dB.
const RUN_END_HOPS = 30;
const RUN_VERDICT_HOPS = 50;
const RUN_LONG_HOPS = 100;
const RUN_LINE_SHARE = 10 ** (-40 / 10);
const RUN_FULL_SHARE = 10 ** (-20 / 10);

/**
 * Splits windows into 10 ms hops and measures loudness, spectral tilt, activity against an adaptive
 * noise floor and (every second hop, on active frames only, to save CPU) YIN pitch on a 4 kHz copy.
 *
 * A phone line cuts the voice's fundamental, and YIN then takes a harmonic (2-4 x F0) for it on many
 * frames. Half-wave rectifying the signal brings a component at F0 back (the harmonics' difference
 * tones), so on a line without low frequencies (`NarrowbandDetector`) pitch is also estimated on a
 * rectified copy: when that finds a period well longer than the plain copy's, the plain one was a
 * harmonic and the rectified one is kept; when it finds none, the frame stays voiced but gives no pitch.
 * A full-band voice is tracked exactly as before.
 */
export class FrameAnalyser {
  private readonly hop: number;
  private readonly decimation: number;
  private readonly pitch: PitchEstimator;
  /** The same search on the half-wave rectified copy, used on a phone line. */
  private readonly rectifiedPitch: PitchEstimator;
  private readonly line: NarrowbandDetector;
  /** Decimated samples the pitch estimator needs from before a window. */
  private readonly history: number;
  private readonly floor = new NoiseFloor();
  private readonly track: FrameTrack;
  /** Two cascaded one-pole low-passes at ~1 kHz: cheap anti-aliasing that also tames formants for YIN. */
  private readonly smoothing: number;
  private maxFrames = 0;
  private decimated = new Float32Array(0);
  private rectified = new Float32Array(0);
  private rectifiedLowPass1 = 0;
  private rectifiedLowPass2 = 0;
  private lowPass1 = 0;
  private lowPass2 = 0;
  private phase = 0;
  private previousSample = 0;
  private previousHopEnergy = 0;
  private previousHopDiff = 0;
  private previousVoiced = 0;
  private hopCounter = 0;

  constructor({ sampleRate, windowMs }: FrameAnalyserOptions) {
    this.hop = Math.round(sampleRate / 100);
    this.decimation = Math.max(1, Math.round(sampleRate / DECIMATED_RATE));
    const decimatedRate = sampleRate / this.decimation;
    const search = { sampleRate: decimatedRate, windowSize: Math.round(decimatedRate * 0.016), minHz: 65, maxHz: 500, threshold: 0.25 };
    this.pitch = new PitchEstimator(search);
    this.rectifiedPitch = new PitchEstimator(search);
    this.line = new NarrowbandDetector(decimatedRate);
    this.history = this.pitch.span;
    this.track = {
      count: 0,
      hopS: this.hop / sampleRate,
      levelDb: new Float32Array(0),
      floorDb: new Float32Array(0),
      f0Hz: new Float32Array(0),
      tilt: new Float32Array(0),
      active: new Uint8Array(0),
      voiced: new Uint8Array(0),
      narrowband: false,
      channel: null,
      channelSure: false,
    };
    this.smoothing = 1 - Math.exp((-2 * Math.PI * 1000) / sampleRate);
    this.reserve(Math.ceil(windowMs / 10) + 1);
  }

  /** Analyse one window of samples in -1..1; returns the shared, overwritten track. */
  analyse(samples: Float32Array): FrameTrack {
    const { hop, decimation, smoothing, history, track, pitch, rectifiedPitch, floor, line } = this;
    const frames = Math.floor(samples.length / hop);
    // Windows are never longer than the session's, but a longer one is analysed whole, not cut.
    if (frames > this.maxFrames) this.reserve(frames);
    const decimated = this.decimated;
    const rectified = this.rectified;
    // decimated[0, history) holds the tail of the previous window, so early pitch frames have their span.
    let written = history;
    let at = 0;
    // Filter state lives in locals during the sample loop: fields are slower to touch.
    let previous = this.previousSample;
    let stage1 = this.lowPass1;
    let stage2 = this.lowPass2;
    let rectified1 = this.rectifiedLowPass1;
    let rectified2 = this.rectifiedLowPass2;
    let decimationPhase = this.phase;
    let previousHopEnergy = this.previousHopEnergy;
    let previousHopDiff = this.previousHopDiff;
    let previousVoiced = this.previousVoiced;
    let hopCounter = this.hopCounter;
    let lineVotes = 0;
    let fullVotes = 0;
    // Sound of the current run in this window: it votes once its run's verdict is known.
    let runHops = 0;
    for (let frame = 0; frame < frames; frame++) {
      // The rectified copy is only needed (and only kept) on a phone line: a full-band voice does not pay for it.
      const narrow = line.narrowband;
      const hopStart = written;
      let energy = 0;
      let diffEnergy = 0;
      for (const end = at + hop; at < end; at++) {
        const sample = samples[at]!;
        energy += sample * sample;
        const delta = sample - previous;
        diffEnergy += delta * delta;
        previous = sample;
        stage1 += smoothing * (sample - stage1);
        stage2 += smoothing * (stage1 - stage2);
        if (narrow) {
          rectified1 += smoothing * ((sample > 0 ? sample : 0) - rectified1);
          rectified2 += smoothing * (rectified1 - rectified2);
        }
        if (++decimationPhase === decimation) {
          decimationPhase = 0;
          if (narrow) rectified[written] = rectified2;
          decimated[written++] = stage2;
        }
      }
      const frameEnergy = energy + previousHopEnergy;
      const frameDiff = diffEnergy + previousHopDiff;
      previousHopEnergy = energy;
      previousHopDiff = diffEnergy;
      const hopDb = energy > 0 ? 10 * Math.log10(energy / hop) : SILENCE_DB;
      const levelDb = frameEnergy > 0 ? 10 * Math.log10(frameEnergy / (2 * hop)) : SILENCE_DB;
      const floorDb = floor.update(hopDb);
      const tilt = frameEnergy > 0 ? frameDiff / frameEnergy : 0;
      const active = levelDb > floorDb + ACTIVE_MARGIN_DB ? 1 : 0;
      const ended = line.hop(decimated, hopStart, written, active === 1);
      if (active) {
        runHops++;
      } else if (ended !== undefined) {
        if (ended === true) lineVotes += runHops;
        else if (ended === false) fullVotes += runHops;
        runHops = 0;
      }
      let f0 = 0;
      let voiced = 0;
      if (active && (hopCounter++ & 1) === 1) {
        const estimate = pitch.estimate(decimated, written);
        if (estimate.hz > 0 && tilt < VOICED_MAX_TILT) {
          f0 = estimate.hz;
          voiced = 1;
          if (narrow) {
            const under = rectifiedPitch.estimate(rectified, written).hz;
            if (under <= 0) f0 = 0;
            else if (f0 > HARMONIC_RATIO * under) f0 = under;
          }
        }
        previousVoiced = voiced;
      } else {
        // Between pitch frames, voicing carries over from the last estimate while the frame stays active.
        voiced = active ? previousVoiced : 0;
        if (!active) previousVoiced = 0;
      }
      track.levelDb[frame] = levelDb;
      track.floorDb[frame] = floorDb;
      track.f0Hz[frame] = f0;
      track.tilt[frame] = tilt;
      track.active[frame] = active;
      track.voiced[frame] = voiced;
    }
    this.previousSample = previous;
    this.lowPass1 = stage1;
    this.lowPass2 = stage2;
    this.rectifiedLowPass1 = rectified1;
    this.rectifiedLowPass2 = rectified2;
    this.phase = decimationPhase;
    this.previousHopEnergy = previousHopEnergy;
    this.previousHopDiff = previousHopDiff;
    this.previousVoiced = previousVoiced;
    this.hopCounter = hopCounter;
    decimated.copyWithin(0, written - history, written);
    rectified.copyWithin(0, written - history, written);
    track.count = frames;
    // A run still going votes by its clear verdict, else by its sound so far once that is sure (1 s of it).
    const guess = line.runGuess();
    const going = line.verdict ?? (guess?.sure ? guess.line : null);
    if (going === true) lineVotes += runHops;
    else if (going === false) fullVotes += runHops;
    track.channelSure = lineVotes + fullVotes > 0;
    if (track.channelSure) track.channel = lineVotes > fullVotes ? 'line' : 'full';
    // No verdict yet (a turn's first phrase, still going): the current run's sound so far, if there is enough.
    else track.channel = guess === null ? null : guess.line ? 'line' : 'full';
    // The window's voice came through a line if its channel says so; with none known yet, as the voice is tracked now.
    track.narrowband = track.channel === null ? line.narrowband : track.channel === 'line';
    return track;
  }

  /** Size every buffer for windows of `frames` hops, keeping the decimated history. */
  private reserve(frames: number): void {
    const { track, history } = this;
    this.maxFrames = frames;
    const grown = new Float32Array(history + Math.ceil((frames * this.hop) / this.decimation) + 1);
    grown.set(this.decimated.subarray(0, Math.min(this.decimated.length, history)));
    this.decimated = grown;
    const grownRectified = new Float32Array(grown.length);
    grownRectified.set(this.rectified.subarray(0, Math.min(this.rectified.length, history)));
    this.rectified = grownRectified;
    track.levelDb = new Float32Array(frames);
    track.floorDb = new Float32Array(frames);
    track.f0Hz = new Float32Array(frames);
    track.tilt = new Float32Array(frames);
    track.active = new Uint8Array(frames);
    track.voiced = new Uint8Array(frames);
  }
}

/** A frame analyser for one session (the public entry's name for `new FrameAnalyser`). */
export function createFrameAnalyser(options: FrameAnalyserOptions): FrameAnalyser {
  return new FrameAnalyser(options);
}
