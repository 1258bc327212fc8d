import { describe, expect, it } from 'vitest';
import type { CallStateDetector } from '@linnet/engine';
import { createSidecarEngine, createSidecarStats } from './index.js';

const session = { sessionId: 'sess', elcor: false, windowMs: 500, sampleRate: 16_000 };

/** A detector double that reports ringback and remembers the samples it was given. */
function ringbackDetector(seen: number[][]): () => CallStateDetector {
  return () => ({
    process(window, startS) {
      seen.push([...window.subarray(0, 3)]);
      return { events: [{ event_type: 'queue', label: 'ringback', confidence: 0.9, timestamp: startS }], nonSpeech: true };
    },
  });
}

describe('createSidecarEngine', () => {
  it('keeps the local call-state events when the classifier fails', async () => {
    const seen: number[][] = [];
    const stats = createSidecarStats();
    const engine = createSidecarEngine(session, {
      url: 'http://sidecar.invalid',
      stats,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      localCallState: ringbackDetector(seen),
    });
    const events = await engine.analyse(Int16Array.from([16384, -32768, 0, 5]), 2);
    expect(events).toEqual([{ event_type: 'queue', label: 'ringback', confidence: 0.9, timestamp: 2 }]);
    expect(seen).toEqual([[0.5, -1, 0]]);
    expect(stats.failures.network).toBe(1);
  });

  it('puts local call-state events before the classifier’s', async () => {
    const engine = createSidecarEngine(session, {
      url: 'http://sidecar.invalid',
      fetch: async () => Response.json({ events: [{ event_type: 'speaker', label: 'human_single', confidence: 0.8, timestamp: 1 }] }),
      localCallState: ringbackDetector([]),
    });
    const events = await engine.analyse(new Int16Array(8), 1);
    expect(events.map((event) => [event.event_type, 'label' in event ? event.label : null])).toEqual([
      ['queue', 'ringback'],
      ['speaker', 'human_single'],
    ]);
  });

  it('returns nothing for a window answered after dispose', async () => {
    let answer!: (response: Response) => void;
    const engine = createSidecarEngine(session, {
      url: 'http://sidecar.invalid',
      fetch: () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    const pending = engine.analyse(new Int16Array(8), 0);
    engine.dispose();
    answer(Response.json({ events: [{ event_type: 'environ', label: 'music', confidence: 1, timestamp: 0 }] }));
    expect(await pending).toEqual([]);
  });
});
