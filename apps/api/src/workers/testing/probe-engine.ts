import type { EngineEvent, EngineOptions, ToneEngine } from '@linnet/engine';
import { threadId } from 'node:worker_threads';

/** A window whose first sample is this makes the probe engine's worker thread die. */
export const CRASH_SAMPLE = -12_345;

/**
 * A test engine for the worker pool: each window yields one transcript event naming the thread
 * and how many windows this engine instance has seen (its state), so tests observe pinning,
 * order and a fresh start after a crash. A window opening with CRASH_SAMPLE throws an uncaught
 * error inside the worker, as a real engine bug would.
 */
export function createEngine(_options: EngineOptions): ToneEngine {
  let seen = 0;
  return {
    analyse(window: Int16Array, startS: number): EngineEvent[] {
      if (window[0] === CRASH_SAMPLE) {
        queueMicrotask(() => {
          throw new Error('probe engine crash');
        });
      }
      seen += 1;
      return [{ event_type: 'transcript', text: `thread ${threadId} window ${seen}`, speaker_id: 'probe', timestamp: startS }];
    },
    dispose() {},
  };
}
