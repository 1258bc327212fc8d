import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EngineWorkerData } from './protocol.js';

/**
 * Each window's analysis allocates short-lived arrays. An 8 MB young generation (chosen when two
 * workers shared 300 sessions, for 45 MB less RSS) slowed the one worker that now serves 1,000
 * sessions while it caught up with their first windows, most likely through more frequent scavenges
 * and promotion (not traced at 48 MB): at 48 MB, window end ->
 * event p99 fell from 461-640 ms to 289-377 ms and the other threads' CPU from 0.65-0.72 to
 * 0.59-0.63 ms per session-second, for about 30 MB more RSS (docs/performance.md, three runs each).
 */
const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 48 };

/**
 * Start one engine worker thread. The compiled server (dist/server.js) starts its sibling bundle
 * dist/engine-worker.js; from TypeScript sources (`tsx watch`, vitest) a worker thread has no
 * TypeScript loader of its own, so a small JS bootstrap registers tsx's and loads the .ts entry.
 */
export function spawnEngineWorker(data: EngineWorkerData): Worker {
  // This module sits beside the worker entry in src/workers/, and is bundled beside it in dist/.
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) {
    return new Worker(new URL('./engine-worker.js', import.meta.url), { workerData: data, resourceLimits: WORKER_LIMITS });
  }
  const tsEntry = new URL('./engine-worker.ts', import.meta.url).href;
  return new Worker(new URL('./register-tsx.mjs', import.meta.url), { workerData: { ...data, tsEntry }, resourceLimits: WORKER_LIMITS });
}
