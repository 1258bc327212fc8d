import { Worker } from 'node:worker_threads';
import type { EngineWorkerData } from './protocol.js';

/**
 * Start one engine worker thread. The compiled server (dist/server.js) starts its sibling bundle
 * dist/engine-worker.js; from TypeScript sources (`tsx watch`, vitest) a worker thread has no
 * TypeScript loader of its own, so a small JS bootstrap registers tsx's and loads the .ts entry.
 */
export function spawnEngineWorker(data: EngineWorkerData): Worker {
  // This module sits beside the worker entry in src/workers/, and is bundled beside it in dist/.
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(new URL('./engine-worker.js', import.meta.url), { workerData: data });
  const tsEntry = new URL('./engine-worker.ts', import.meta.url).href;
  return new Worker(new URL('./register-tsx.mjs', import.meta.url), { workerData: { ...data, tsEntry } });
}
