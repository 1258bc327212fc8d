import { describe, expect, it } from 'vitest';
import { ExportQuerySchema, HistoryQuerySchema, SessionIdSchema, StartSessionRequestSchema } from './session.js';

describe('StartSessionRequestSchema', () => {
  it('fills defaults for an empty body', () => {
    expect(StartSessionRequestSchema.parse({})).toEqual({ elcor: false, window_ms: 1000, transcribe: true, keep: false });
  });

  it('accepts the contract example', () => {
    expect(StartSessionRequestSchema.parse({ elcor: true, window_ms: 500, transcribe: false, keep: true })).toEqual({
      elcor: true,
      window_ms: 500,
      transcribe: false,
      keep: true,
    });
  });

  it('rejects unknown fields, wrong types and out-of-range windows', () => {
    for (const body of [{ colour: 'red' }, { elcor: 'yes' }, { window_ms: 499 }, { window_ms: 3001 }, { window_ms: 1000.5 }, { transcribe: 'no' }]) {
      expect(StartSessionRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});

describe('HistoryQuerySchema', () => {
  it('coerces query-string numbers and applies defaults', () => {
    expect(HistoryQuerySchema.parse({ min_confidence: '0.5', limit: '10' })).toEqual({ min_confidence: 0.5, limit: 10 });
    expect(HistoryQuerySchema.parse({})).toEqual({ min_confidence: 0, limit: 50 });
  });

  it('rejects values outside their bounds or not numbers', () => {
    for (const q of [{ min_confidence: '2' }, { limit: '0' }, { limit: '501' }, { limit: 'ten' }, { limit: '1.5' }]) {
      expect(HistoryQuerySchema.safeParse(q).success, JSON.stringify(q)).toBe(false);
    }
  });
});

describe('ExportQuerySchema', () => {
  it('defaults to json and accepts each export format', () => {
    expect(ExportQuerySchema.parse({})).toEqual({ format: 'json' });
    expect(['json', 'md', 'vtt'].map((format) => ExportQuerySchema.parse({ format }).format)).toEqual(['json', 'md', 'vtt']);
  });

  it('rejects other formats and unknown fields', () => {
    for (const q of [{ format: 'srt' }, { format: 'MD' }, { format: ['md', 'vtt'] }, { colour: 'red' }]) {
      expect(ExportQuerySchema.safeParse(q).success, JSON.stringify(q)).toBe(false);
    }
  });
});

describe('SessionIdSchema', () => {
  it('accepts base64url ids and rejects path tricks', () => {
    expect(SessionIdSchema.safeParse('Zk3_-aQ9vX0pLmN2bC4dEw').success).toBe(true);
    expect(SessionIdSchema.safeParse('../etc').success).toBe(false);
    expect(SessionIdSchema.safeParse('a'.repeat(65)).success).toBe(false);
  });
});
