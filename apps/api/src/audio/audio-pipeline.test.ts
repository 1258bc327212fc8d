import type { EngineEvent } from '@linnet/engine';
import type { LinnetEvent } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import { AudioPipeline } from './audio-pipeline.js';

const windowBytes = (samples: number) => new Uint8Array(samples * 2);

describe('AudioPipeline', () => {
  it('drops new windows while too many wait for a stalled engine', () => {
    const started: number[] = [];
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0.5,
      maxPendingWindows: 3,
      publish: () => {},
      engine: { analyse: (_w, startS) => (started.push(startS), new Promise<EngineEvent[]>(() => {})), dispose() {} },
    });
    pipeline.push(windowBytes(8 * 5));
    expect(pipeline.stats.windowsDropped).toBe(2);
  });

  it('discards results that arrive after dispose and releases the engine once', async () => {
    let release!: (events: EngineEvent[]) => void;
    let disposed = 0;
    const published: LinnetEvent[] = [];
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0,
      publish: (event) => published.push(event),
      engine: { analyse: () => new Promise<EngineEvent[]>((resolve) => (release = resolve)), dispose: () => void disposed++ },
    });
    pipeline.push(windowBytes(8));
    await Promise.resolve();
    await Promise.resolve();
    pipeline.dispose();
    pipeline.dispose();
    release([{ event_type: 'environ', label: 'quiet', confidence: 1, timestamp: 0 }]);
    await pipeline.whenIdle();
    expect(published).toEqual([]);
    expect(disposed).toBe(1);
  });
});
