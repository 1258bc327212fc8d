import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EngineWorkerData } from './protocol.js';

/**
 * Each window's analysis allocates short-lived arrays; V8's default young generation lets every
 * worker isolate grow it to tens of MB. Capped at 8 MB, 300 live sessions on two workers held
 * 255 MB instead of 300 MB RSS at the same CPU and ack latency (crude load on this 2-core machine).
 */
const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 8 };

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
