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

  it('publishes a synchronous engine\'s events before push returns', () => {
    const published: LinnetEvent[] = [];
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0,
      publish: (event) => published.push(event),
      engine: { analyse: (_w, startS) => [{ event_type: 'environ', label: 'quiet', confidence: 1, timestamp: startS }], dispose() {} },
    });
    pipeline.push(windowBytes(16));
    expect(published).toEqual([
      { event_type: 'environ', label: 'quiet', confidence: 1, timestamp: 0, session_id: 's' },
      { event_type: 'environ', label: 'quiet', confidence: 1, timestamp: 0.5, session_id: 's' },
    ]);
    expect(pipeline.stats.windowsAnalysed).toBe(2);
  });

  it("withholds tone events under MIN_CONFIDENCE but still says whose voice their windows were", () => {
    const published: LinnetEvent[] = [];
    const withheld: Array<{ speaker_id: string; timestamp: number }> = [];
    const tone = (startS: number, confidence: number) => ({
      event_type: 'tone' as const, label: 'Calm', confidence, speaker_id: 'speaker_b', timestamp: startS,
      shift_magnitude: 0, shift_direction: 'stable' as const, subtext: '', affect: 'neutral', prosody_flags: [],
    });
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0.5,
      publish: (event) => published.push(event),
      onWithheldTone: (event) => withheld.push(event),
      engine: { analyse: (_w, startS) => [tone(startS, startS === 0 ? 0 : 0.8)], dispose() {} },
    });
    pipeline.push(windowBytes(16));
    expect(withheld).toEqual([{ speaker_id: 'speaker_b', timestamp: 0 }]);
    expect(published.map((event) => event.timestamp)).toEqual([0.5]);
    expect(pipeline.stats.toneEventsBelowConfidence).toBe(1);
  });

  it('hands each frame on with its session time before windowing, and says when each window is answered', async () => {
    const frames: Array<[number, number]> = [];
    const analysed: number[] = [];
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0,
      publish: () => {},
      engine: { analyse: async () => [], dispose() {} },
      onFrame: (frame, startS) => frames.push([frame.byteLength, startS]),
      onAnalysed: (endS) => analysed.push(endS),
    });
    pipeline.push(windowBytes(12));
    pipeline.push(windowBytes(2));
    pipeline.finishStream();
    // The partial window is padded to a full one: audio time after it continues from 1.0 s.
    pipeline.push(windowBytes(4));
    await pipeline.whenIdle();
    expect(frames).toEqual([[24, 0], [4, 0.75], [8, 1]]);
    expect(analysed).toEqual([0.5, 1]);
  });

  it('sends windows on to an engine that answers in order without waiting, and publishes in order', async () => {
    const answers: Array<(events: EngineEvent[]) => void> = [];
    const published: number[] = [];
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0,
      publish: (event) => published.push(event.timestamp),
      engine: { answersInOrder: true, analyse: () => new Promise<EngineEvent[]>((resolve) => answers.push(resolve)), dispose() {} },
    });
    pipeline.push(windowBytes(24));
    expect(answers.length).toBe(3);
    answers.forEach((answer, i) => answer([{ event_type: 'environ', label: 'quiet', confidence: 1, timestamp: i / 2 }]));
    await pipeline.whenIdle();
    expect(published).toEqual([0, 0.5, 1]);
  });

  it('still drops windows beyond maxPendingWindows for an engine that answers in order', () => {
    let sent = 0;
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0,
      maxPendingWindows: 3,
      publish: () => {},
      engine: { answersInOrder: true, analyse: () => (sent++, new Promise<EngineEvent[]>(() => {})), dispose() {} },
    });
    pipeline.push(windowBytes(8 * 5));
    expect([sent, pipeline.stats.windowsDropped]).toEqual([3, 2]);
  });

  it('gives an engine that does not answer in order one window at a time', async () => {
    const answers: Array<(events: EngineEvent[]) => void> = [];
    const pipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0,
      publish: () => {},
      engine: { analyse: () => new Promise<EngineEvent[]>((resolve) => answers.push(resolve)), dispose() {} },
    });
    pipeline.push(windowBytes(24));
    expect(answers.length).toBe(1);
    answers[0]!([]);
    await expect.poll(() => answers.length).toBe(2);
  });

  it('fills windows the engine hands back instead of allocating new ones', () => {
    const seen: Int16Array[] = [];
    const pipeline: AudioPipeline = new AudioPipeline({
      sessionId: 's',
      windowMs: 500,
      sampleRate: 16,
      minConfidence: 0,
      publish: () => {},
      engine: { analyse: (window) => (seen.push(window), pipeline.recycle(window), []), dispose() {} },
    });
    pipeline.push(windowBytes(32));
    expect(seen.length).toBe(4);
    expect(new Set(seen.map((window) => window.buffer)).size).toBe(2);
  });
});
