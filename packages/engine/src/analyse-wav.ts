import type { EngineEvent, EngineOptions, ToneEngine } from './engine.js';
import type { LabelOffsets } from './prosody/label-offsets.js';
import { createProsodyEngine } from './prosody/index.js';
import type { PcmAudio } from './wav.js';

export interface AnalyseWavOptions {
  /** @default 1000 */
  windowMs?: number;
  /** @default false */
  elcor?: boolean;
  /** Builds the engine to run. @default createProsodyEngine */
  createEngine?: (options: EngineOptions) => ToneEngine;
  /**
   * What to do with a last window shorter than the others: `pad` it with silence as the live
   * pipeline does when the audio stops, or `skip` it.
   * @default 'pad'
   */
  finalWindow?: 'pad' | 'skip';
  /** Learnt tone-label offsets handed to the engine (EngineOptions.labelOffsets). */
  labelOffsets?: LabelOffsets;
  /** Called with each window's events as it is analysed (for per-window scoring). */
  onWindow?: (events: EngineEvent[], startS: number) => void;
}

/**
 * Run one engine over a whole recording in consecutive windows, as the live pipeline does: the
 * final partial window is padded with silence, so a trailing word or digit is analysed too.
 */
export function analyseWav(audio: PcmAudio, options: AnalyseWavOptions = {}): EngineEvent[] {
  const { windowMs = 1000, elcor = false, createEngine = createProsodyEngine, finalWindow = 'pad', onWindow, labelOffsets } = options;
  const { sampleRate, samples } = audio;
  const engine = createEngine({ elcor, windowMs, sampleRate, labelOffsets });
  const length = Math.round((windowMs * sampleRate) / 1000);
  const window = new Int16Array(length);
  const events: EngineEvent[] = [];
  try {
    for (let at = 0; at < samples.length; at += length) {
      const part = samples.subarray(at, at + length);
      if (part.length < length && finalWindow === 'skip') break;
      window.set(part);
      // The pipeline's last window is zero-padded the same way when the audio stops.
      if (part.length < length) window.fill(0, part.length);
      const produced = engine.analyse(window, at / sampleRate);
      onWindow?.(produced, at / sampleRate);
      events.push(...produced);
    }
  } finally {
    engine.dispose();
  }
  return events;
}
