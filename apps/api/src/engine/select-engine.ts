import type { Env } from '../env.js';
import { createCallStateDetector, createProsodyEngine } from '@linnet/engine';
import { createSidecarEngineFactory } from './sidecar/index.js';
import type { SessionEngineFactory } from './tone-engine.js';
import type { Logger } from '../lib/logger.js';

/** The engine TONE_ENGINE names, with the counters it exposes at `/metrics`. */
export interface EngineChoice {
  factory: SessionEngineFactory;
  metrics: () => Record<string, unknown>;
}

/** Pick the per-session engine factory from the configuration. */
export function selectEngine(env: Env, logger: Logger): EngineChoice {
  if (env.toneEngine === 'sidecar') {
    // parseEnv guarantees the URL when the sidecar is chosen.
    const { factory, stats } = createSidecarEngineFactory({
      url: env.cfVoiceUrl!,
      timeoutMs: env.sidecarTimeoutMs,
      logger,
      // Call states (ringback, hold music, DTMF) stay local: they need no classifier round trip.
      localCallState: createCallStateDetector,
    });
    return { factory, metrics: () => ({ name: 'sidecar', sidecar: structuredClone(stats) }) };
  }
  return { factory: createProsodyEngine, metrics: () => ({ name: 'prosody' }) };
}
