import { createProsodyEngine, type EngineOptions, type ToneEngine } from '@linnet/engine';
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineWorkerData, FromWorker, ToWorker } from './protocol.js';

// One engine worker thread: runs the engines of the sessions pinned to it, one message at a time,
// so each session's windows are analysed, and answered, in the order they were sent.

const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
const { engineModule } = (workerData ?? {}) as EngineWorkerData;

type EngineFactory = (options: EngineOptions) => ToneEngine;
const createEngine: EngineFactory = engineModule
  ? ((await import(engineModule)) as { createEngine: EngineFactory }).createEngine
  : createProsodyEngine;

const engines = new Map<number, ToneEngine>();
// Sessions whose answers carry the speaker baseline (kept ones): a few numbers, no audio.
const reporting = new Set<number>();

function reply(message: FromWorker, window: Int16Array): void {
  // The buffer goes back to the main thread, whose accumulator fills it with the next window.
  port!.postMessage(message, [window.buffer as ArrayBuffer]);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'open':
      engines.get(message.session)?.dispose();
      engines.set(message.session, createEngine(message.options));
      if (message.reportBaseline) reporting.add(message.session);
      return;
    case 'close':
      engines.get(message.session)?.dispose();
      engines.delete(message.session);
      reporting.delete(message.session);
      return;
    case 'analyse': {
      const { session, window, startS } = message;
      const engine = engines.get(session);
      try {
        if (!engine) throw new ReferenceError('no engine for session');
        const events = engine.analyse(window, startS);
        const baseline = reporting.has(session) ? engine.speakerBaseline?.() : undefined;
        reply(baseline ? { type: 'result', session, events, window, baseline } : { type: 'result', session, events, window }, window);
      } catch (error) {
        reply({ type: 'failed', session, error: (error as Error)?.name ?? 'Error', window }, window);
      }
    }
  }
});

port.postMessage({ type: 'ready' } satisfies FromWorker);
