import { describe, expect, it } from 'vitest';
import { CorrectionRequestSchema } from './corrections.js';
import { KeptSessionsQuerySchema, ResumeSessionRequestSchema } from './kept.js';

describe('KeptSessionsQuerySchema', () => {
  it('coerces the query string, trims q and fills the default limit', () => {
    expect(KeptSessionsQuerySchema.parse({ q: '  pharmacy ', limit: '5', before: '2026-03-01T12:00:00.000Z' })).toEqual({
      q: 'pharmacy',
      limit: 5,
      before: '2026-03-01T12:00:00.000Z',
    });
    expect(KeptSessionsQuerySchema.parse({})).toEqual({ limit: 20 });
  });

  it('rejects empty searches, limits out of range, times that are not ISO 8601 and unknown fields', () => {
    for (const query of [{ q: '   ' }, { limit: '0' }, { limit: '101' }, { limit: '2.5' }, { before: 'yesterday' }, { page: '2' }]) {
      expect(KeptSessionsQuerySchema.safeParse(query).success, JSON.stringify(query)).toBe(false);
    }
  });
});

describe('ResumeSessionRequestSchema', () => {
  it('takes one URL-safe session id and nothing else', () => {
    expect(ResumeSessionRequestSchema.parse({ from: 'Zk3_-aQ9vX0pLmN2bC4dEw' })).toEqual({ from: 'Zk3_-aQ9vX0pLmN2bC4dEw' });
    expect(ResumeSessionRequestSchema.safeParse({ from: '../x' }).success).toBe(false);
    expect(ResumeSessionRequestSchema.safeParse({ from: 'abc', keep: false }).success).toBe(false);
  });
});

describe('CorrectionRequestSchema', () => {
  it('defaults share to false: nothing is offered for training unless the user says so', () => {
    expect(CorrectionRequestSchema.parse({ session_id: 'abc', event_id: 3, rating: 'up' })).toEqual({ session_id: 'abc', event_id: 3, rating: 'up', share: false });
  });

  it('rejects ratings other than up and down, ids below 1 and notes over 500 characters', () => {
    const base = { session_id: 'abc', event_id: 3, rating: 'down' };
    for (const body of [{ ...base, rating: 'meh' }, { ...base, event_id: 0 }, { ...base, event_id: 1.5 }, { ...base, note: 'x'.repeat(501) }]) {
      expect(CorrectionRequestSchema.safeParse(body).success, JSON.stringify(body).slice(0, 60)).toBe(false);
    }
  });
});
