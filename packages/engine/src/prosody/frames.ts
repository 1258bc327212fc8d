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

/**
 * Splits windows into 10 ms hops and measures loudness, spectral tilt, activity against an adaptive
 * noise floor and (every second hop, on active frames only, to save CPU) YIN pitch on a 4 kHz copy.
 */
export class FrameAnalyser {
  private readonly hop: number;
  private readonly decimation: number;
  private readonly pitch: PitchEstimator;
  /** Decimated samples the pitch estimator needs from before a window. */
  private readonly history: number;
  private readonly floor = new NoiseFloor();
  private readonly track: FrameTrack;
  /** Two cascaded one-pole low-passes at ~1 kHz: cheap anti-aliasing that also tames formants for YIN. */
  private readonly smoothing: number;
  private maxFrames = 0;
  private decimated = new Float32Array(0);
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
    this.pitch = new PitchEstimator({
      sampleRate: decimatedRate,
      windowSize: Math.round(decimatedRate * 0.016),
      minHz: 65,
      maxHz: 500,
      threshold: 0.25,
    });
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
    };
    this.smoothing = 1 - Math.exp((-2 * Math.PI * 1000) / sampleRate);
    this.reserve(Math.ceil(windowMs / 10) + 1);
  }

  /** Analyse one window of samples in -1..1; returns the shared, overwritten track. */
  analyse(samples: Float32Array): FrameTrack {
    const { hop, decimation, smoothing, history, track, pitch, floor } = this;
    const frames = Math.floor(samples.length / hop);
    // Windows are never longer than the session's, but a longer one is analysed whole, not cut.
    if (frames > this.maxFrames) this.reserve(frames);
    const decimated = this.decimated;
    // decimated[0, history) holds the tail of the previous window, so early pitch frames have their span.
    let written = history;
    let at = 0;
    // Filter state lives in locals during the sample loop: fields are slower to touch.
    let previous = this.previousSample;
    let stage1 = this.lowPass1;
    let stage2 = this.lowPass2;
    let decimationPhase = this.phase;
    let previousHopEnergy = this.previousHopEnergy;
    let previousHopDiff = this.previousHopDiff;
    let previousVoiced = this.previousVoiced;
    let hopCounter = this.hopCounter;
    for (let frame = 0; frame < frames; frame++) {
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
        if (++decimationPhase === decimation) {
          decimationPhase = 0;
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
      let f0 = 0;
      let voiced = 0;
      if (active && (hopCounter++ & 1) === 1) {
        const estimate = pitch.estimate(decimated, written);
        if (estimate.hz > 0 && tilt < VOICED_MAX_TILT) {
          f0 = estimate.hz;
          voiced = 1;
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
    this.phase = decimationPhase;
    this.previousHopEnergy = previousHopEnergy;
    this.previousHopDiff = previousHopDiff;
    this.previousVoiced = previousVoiced;
    this.hopCounter = hopCounter;
    decimated.copyWithin(0, written - history, written);
    track.count = frames;
    return track;
  }

  /** Size every buffer for windows of `frames` hops, keeping the decimated history. */
  private reserve(frames: number): void {
    const { track, history } = this;
    this.maxFrames = frames;
    const grown = new Float32Array(history + Math.ceil((frames * this.hop) / this.decimation) + 1);
    grown.set(this.decimated.subarray(0, Math.min(this.decimated.length, history)));
    this.decimated = grown;
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
