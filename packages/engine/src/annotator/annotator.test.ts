import { ToneEventSchema } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import { affectFor, createToneAnnotator } from './annotator.js';
import { SHIFT_TREND, WINDOW_TREND } from './trend.js';

describe('createToneAnnotator', () => {
  it('writes a plain sentence from the measured flags', () => {
    const annotator = createToneAnnotator({ elcor: false });
    const event = annotator.annotate(
      { label: 'Tense', confidence: 0.8, shift_magnitude: 0.6, prosody_flags: ['fast', 'loud'] },
      12,
    );
    expect(event).toEqual({
      event_type: 'tone',
      label: 'Tense',
      confidence: 0.8,
      speaker_id: 'speaker_a',
      shift_magnitude: 0.6,
      // A voice's first window has nothing to be a trend against.
      shift_direction: 'stable',
      timestamp: 12,
      subtext: 'Louder and faster than usual — may be stressed or under pressure.',
      affect: 'urgent',
      prosody_flags: ['fast', 'loud'],
    });
    expect(ToneEventSchema.safeParse({ ...event, session_id: 's1' }).success).toBe(true);
  });

  it('writes the bracketed form on elcor sessions', () => {
    const annotator = createToneAnnotator({ elcor: true });
    const tense = annotator.annotate(
      { label: 'Tense', confidence: 0.8, shift_magnitude: 0.6, prosody_flags: ['loud', 'fast'] },
      1,
    );
    const calm = annotator.annotate({ label: 'Calm', confidence: 0.7, shift_magnitude: 0.1 }, 2);
    expect(tense.subtext).toBe('[Tense — louder and faster than usual]');
    expect(calm.subtext).toBe('[Calm — as they usually sound]');
  });

  it('words shape flags after comparisons', () => {
    const annotator = createToneAnnotator({ elcor: false });
    const event = annotator.annotate(
      { label: 'Hesitant', confidence: 0.7, shift_magnitude: 0.4, prosody_flags: ['long pauses', 'slow'] },
      3,
    );
    expect(event.subtext).toBe('Slower than usual, with long pauses — may be searching for words.');
    expect(event.affect).toBe('uncertain');
  });

  it('gives sidecar labels outside the vocabulary a generic sentence that does not repeat them, and a fitting affect', () => {
    const annotator = createToneAnnotator({ elcor: false });
    const event = annotator.annotate({ label: 'Annoyed', confidence: 0.9, shift_magnitude: 0.7 }, 4);
    expect(event.subtext).toBe('A clear change from how they usually sound.');
    expect(event.affect).toBe('frustrated');
    expect(createToneAnnotator({ elcor: true }).annotate({ label: 'Annoyed', confidence: 1 }, 0).subtext).toBe(
      '[Annoyed — as they usually sound]',
    );
  });

  it('tracks the shift direction per speaker from successive magnitudes', () => {
    const annotator = createToneAnnotator({ elcor: false });
    const magnitudes = [...Array<number>(SHIFT_TREND.warmupWindows + 4).fill(0.3), 0.8, 0.8];
    const directions = magnitudes.map(
      (shift, i) => annotator.annotate({ label: 'Calm', confidence: 0.6, shift_magnitude: shift }, i).shift_direction,
    );
    expect(directions.slice(0, -2).every((direction) => direction === 'stable')).toBe(true);
    expect(directions.slice(-2)).toEqual(['escalating', 'escalating']);
    // Another voice has its own levels: its first window says nothing about speaker_a's.
    const other = annotator.annotate({ label: 'Calm', confidence: 0.6, shift_magnitude: 0.8, speaker_id: 'speaker_b' }, 5);
    expect(other.shift_direction).toBe('stable');
    expect(createToneAnnotator({ elcor: false, trend: WINDOW_TREND }).annotate({ label: 'Calm', confidence: 0.6, shift_magnitude: 0.5 }, 0).shift_direction).toBe(
      'escalating',
    );
  });

  it('clamps confidence and magnitude into 0..1', () => {
    const annotator = createToneAnnotator({ elcor: false });
    const event = annotator.annotate({ label: 'Calm', confidence: 1.7, shift_magnitude: -2 }, 0);
    expect([event.confidence, event.shift_magnitude]).toEqual([1, 0]);
  });
});

describe('affectFor', () => {
  it('maps every prosody label to an affect from the vocabulary', () => {
    expect(
      ['Calm', 'Matter-of-fact', 'Animated', 'Tense', 'Rushed', 'Hesitant', 'Questioning', 'Subdued'].map((label) =>
        affectFor(label),
      ),
    ).toEqual(['warm', 'neutral', 'enthusiastic', 'frustrated', 'urgent', 'uncertain', 'confused', 'low-energy']);
    expect(affectFor('mystery')).toBe('neutral');
  });
});
