import type { EngineEvent, EngineOptions, ToneEngine } from '@linnet/engine';
import { threadId } from 'node:worker_threads';

/** A window whose first sample is this makes the probe engine's worker thread die. */
export const CRASH_SAMPLE = -12_345;
/** A window whose first sample is this keeps the worker busy for 10 s (until it is terminated). */
export const STALL_SAMPLE = -23_456;

/** The probe engine's speaker baseline when it is given none. */
const PROBE_BASELINE = { pitch_st: 0, pitch_range_log: 0, loudness_db: 0, rate: 0, tempo: 0, pause_ratio: 0, windows: 0 };

// Engines alive in this worker thread: shows that ending a session disposes its engine there.
let live = 0;

/**
 * A test engine for the worker pool: each window yields one transcript event naming the thread
 * and how many windows this engine instance has seen (its state) and how many engines the
 * thread holds, so tests observe pinning,
 * order and a fresh start after a crash. A window opening with CRASH_SAMPLE throws an uncaught
 * error inside the worker, as a real engine bug would; one opening with STALL_SAMPLE hangs it.
 */
export function createEngine({ speakerBaseline }: EngineOptions): ToneEngine {
  let seen = 0;
  live += 1;
  return {
    analyse(window: Int16Array, startS: number): EngineEvent[] {
      if (window[0] === CRASH_SAMPLE) {
        queueMicrotask(() => {
          throw new Error('probe engine crash');
        });
      }
      if (window[0] === STALL_SAMPLE) {
        const until = Date.now() + 10_000;
        while (Date.now() < until);
      }
      seen += 1;
      return [{ event_type: 'transcript', text: `thread ${threadId} window ${seen} live ${live}`, speaker_id: 'probe', timestamp: startS }];
    },
    // The baseline it started from, one window more per window seen: shows where a reopened engine starts.
    speakerBaseline: () => ({ ...PROBE_BASELINE, ...speakerBaseline, windows: (speakerBaseline?.windows ?? 0) + seen }),
    dispose() {
      live -= 1;
    },
  };
}
