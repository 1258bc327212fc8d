import { describe, expect, it } from 'vitest';
import { UtteranceCutter } from './whisper-utterances.js';

const RATE = 16_000;

/** Half a second of PCM whose every sample is `value`, to see which audio an utterance holds. */
function half(value: number): Int16Array {
  return new Int16Array(RATE / 2).fill(value);
}

describe('UtteranceCutter', () => {
  it('cuts an utterance at the first pause, holding exactly the speech', () => {
    const cutter = new UtteranceCutter();
    cutter.write(half(1), 0);
    expect(cutter.markSpeech(0, 0.5, false)).toBeNull();
    cutter.write(half(2), 0.5);
    expect(cutter.markSpeech(0.5, 1, true)).toBeNull();
    cutter.write(half(3), 1);
    expect(cutter.markSpeech(1, 1.5, true)).toBeNull();
    cutter.write(half(4), 1.5);
    const utterance = cutter.markSpeech(1.5, 2, false);
    expect(utterance).toMatchObject({ startS: 0.5, endS: 1.5 });
    expect(utterance!.pcm.length).toBe(RATE);
    expect([utterance!.pcm[0], utterance!.pcm[RATE / 2 - 1], utterance!.pcm[RATE / 2], utterance!.pcm[RATE - 1]]).toEqual([2, 2, 3, 3]);
  });

  it('cuts at the maximum length and starts the next utterance after it', () => {
    const cutter = new UtteranceCutter({ maxUtteranceS: 1 });
    const cuts = [0, 0.5, 1, 1.5].map((at) => {
      cutter.write(half(at * 2), at);
      return cutter.markSpeech(at, at + 0.5, true);
    });
    expect(cuts.map((cut) => cut && [cut.startS, cut.endS])).toEqual([null, [0, 1], null, [1, 2]]);
  });

  it('drops speech shorter than the minimum', () => {
    const cutter = new UtteranceCutter({ minUtteranceS: 0.6 });
    cutter.write(half(1), 0);
    cutter.markSpeech(0, 0.5, true);
    expect(cutter.flush()).toBeNull();
  });

  it('holds no audio between utterances once it is judged, and little when judgements stall', () => {
    const cutter = new UtteranceCutter({ maxUtteranceS: 1 });
    for (let at = 0; at < 5; at += 0.5) {
      cutter.write(half(1), at);
      cutter.markSpeech(at, at + 0.5, false);
    }
    expect(cutter.heldSamples).toBe(0);
    for (let at = 5; at < 30; at += 0.5) cutter.write(half(1), at);
    // The longest utterance plus the four seconds of slack, rounded up to whole windows.
    expect(cutter.heldSamples).toBeLessThanOrEqual(5.5 * RATE);
  });

  it('flushes the open utterance when the audio stops', () => {
    const cutter = new UtteranceCutter();
    cutter.write(half(7), 3);
    cutter.markSpeech(3, 3.5, true);
    expect(cutter.flush()).toMatchObject({ startS: 3, endS: 3.5 });
    expect(cutter.flush()).toBeNull();
  });
});
