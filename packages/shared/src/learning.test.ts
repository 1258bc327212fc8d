import { describe, expect, it } from 'vitest';
import { LearningQuerySchema, LearningResponseSchema } from './learning.js';

describe('LearningResponseSchema', () => {
  const body = {
    corrections: 12,
    min_corrections: 10,
    max_offset: 0.3,
    active: true,
    labels: [{ label: 'Calm', confirmed: 4, rejected: 8, missed: 0, offset: -0.111 }],
    reset_at: null,
  };

  it('takes what GET /learning answers', () => {
    expect(LearningResponseSchema.parse(body)).toEqual(body);
  });

  it('refuses labels outside the tone vocabulary, negative or fractional counts and a missing reset time', () => {
    for (const bad of [
      { ...body, labels: [{ ...body.labels[0], label: 'Sarcastic' }] },
      { ...body, corrections: -1 },
      { ...body, labels: [{ ...body.labels[0], rejected: 1.5 }] },
      { ...body, reset_at: undefined },
    ]) {
      expect(LearningResponseSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('LearningQuerySchema', () => {
  it('takes no query parameter', () => {
    expect(LearningQuerySchema.parse({})).toEqual({});
    expect(LearningQuerySchema.safeParse({ labels: 'Calm' }).success).toBe(false);
  });
});
