import { describe, expect, it } from 'vitest';
import { WindowAccumulator } from './window-accumulator.js';

function pcm(values: number[], byteOffset = 0): Uint8Array {
  const bytes = new Uint8Array(byteOffset + values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setInt16(byteOffset + 2 * i, value, true));
  return bytes.subarray(byteOffset);
}

function collect(windowSamples: number, sampleRate = 4) {
  const windows: Array<[number[], number]> = [];
  const accumulator = new WindowAccumulator({
    windowSamples,
    sampleRate,
    onWindow: (window, startS) => windows.push([[...window], startS]),
  });
  return { accumulator, windows };
}

describe('WindowAccumulator', () => {
  it('emits full windows with their start time in seconds of audio', () => {
    const { accumulator, windows } = collect(4);
    accumulator.push(pcm([1, 2, 3]));
    expect(windows).toEqual([]);
    accumulator.push(pcm([4, 5, 6, 7, 8, 9]));
    expect(windows).toEqual([
      [[1, 2, 3, 4], 0],
      [[5, 6, 7, 8], 1],
    ]);
    expect(accumulator.samplesReceived).toBe(9);
  });

  it('decodes little-endian samples including negatives and extremes', () => {
    const { accumulator, windows } = collect(4);
    accumulator.push(pcm([-1, 32767, -32768, -300]));
    expect(windows[0]![0]).toEqual([-1, 32767, -32768, -300]);
  });

  it('reads frames that start at an odd byte offset', () => {
    const { accumulator, windows } = collect(3);
    accumulator.push(pcm([-2, 7, -32768], 1));
    expect(windows).toEqual([[[-2, 7, -32768], 0]]);
  });

  it('hands off each window without reusing it', () => {
    const held: Int16Array[] = [];
    const accumulator = new WindowAccumulator({ windowSamples: 2, sampleRate: 2, onWindow: (w) => held.push(w) });
    accumulator.push(pcm([1, 2, 3, 4]));
    expect(held.map((w) => [...w])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(held[0]).not.toBe(held[1]);
  });

  it('forgets a partial window on reset', () => {
    const { accumulator, windows } = collect(2);
    accumulator.push(pcm([1]));
    accumulator.reset();
    accumulator.push(pcm([2, 3]));
    expect(windows).toEqual([[[2, 3], 0]]);
  });

  it('hands off a partial window padded with silence when the audio stops', () => {
    const { accumulator, windows } = collect(4);
    accumulator.push(pcm([1, 2, 3, 4, 5]));
    accumulator.flushPartial();
    accumulator.flushPartial();
    accumulator.push(pcm([6]));
    accumulator.flushPartial();
    expect(windows).toEqual([
      [[1, 2, 3, 4], 0],
      [[5, 0, 0, 0], 1],
      [[6, 0, 0, 0], 2],
    ]);
  });

  it('refills a recycled window and pads a recycled partial window with silence', () => {
    const handed: Int16Array[] = [];
    const contents: number[][] = [];
    const accumulator = new WindowAccumulator({
      windowSamples: 3,
      sampleRate: 3,
      onWindow: (w) => (handed.push(w), contents.push([...w])),
    });
    accumulator.push(pcm([1, 2, 3, 4]));
    accumulator.recycle(handed[0]!);
    accumulator.push(pcm([5, 6, 7, 8]));
    accumulator.flushPartial();
    // The first window's buffer came back and carried [7, 8]; its old third sample became silence.
    expect(contents).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 0],
    ]);
    expect(handed[2]).toBe(handed[0]);
  });

  it('keeps no recycled window of another length', () => {
    const handed: Int16Array[] = [];
    const accumulator = new WindowAccumulator({ windowSamples: 2, sampleRate: 2, onWindow: (w) => handed.push(w) });
    const foreign = new Int16Array(3);
    accumulator.recycle(foreign);
    accumulator.push(pcm([1, 2, 3, 4]));
    expect(handed.some((w) => w === foreign)).toBe(false);
  });
});
