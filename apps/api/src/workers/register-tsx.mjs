// Worker threads get no TypeScript loader from `tsx watch` or vitest: this plain-JS bootstrap
// registers tsx's ESM loader inside the worker, then loads the TypeScript entry it was given.
// The compiled server (dist/) starts its bundled worker directly and never comes here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
