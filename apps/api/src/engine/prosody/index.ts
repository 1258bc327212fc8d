import type { LinnetEvent } from '@linnet/shared';
import type { ToneEngine, ToneEngineFactory } from '../tone-engine.js';

/** Builds the pure-TypeScript prosody engine for one session (features → labels → annotated events). */
export const createProsodyEngine: ToneEngineFactory = () => {
  // First cut: the interface is in place so the pipeline can be wired; analysis follows.
  const engine: ToneEngine = {
    analyse(): LinnetEvent[] {
      return [];
    },
    dispose() {},
  };
  return engine;
};
