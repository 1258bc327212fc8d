import type { Env } from '../env.js';
import { createProsodyEngine } from '../engine/prosody/index.js';
import type { ToneEngineFactory } from '../engine/tone-engine.js';
import type { Logger } from '../lib/logger.js';

/** The engine TONE_ENGINE names, with the counters it exposes at `/metrics`. */
export interface EngineChoice {
  factory: ToneEngineFactory;
  metrics: () => Record<string, unknown>;
}

/** Pick the per-session engine factory from the configuration. */
export function selectEngine(env: Env, _logger: Logger): EngineChoice {
  return { factory: createProsodyEngine, metrics: () => ({ name: 'prosody' }) };
}
