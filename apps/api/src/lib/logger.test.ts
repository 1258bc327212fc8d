import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('writes one JSON line per event at or above its level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    logger.info('ignored');
    logger.warn('window_dropped', { pending: 8 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ time: expect.any(String), level: 'warn', event: 'window_dropped', pending: 8 });
    expect(lines[0]!.endsWith('\n')).toBe(true);
  });

  it('never writes a full session id, only its first six characters', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    logger.info('session_started', { session_id: 'AbCdEfGhIjKlMnOpQrStUv', elcor: false });
    expect(JSON.parse(lines[0]!)).toMatchObject({ session_id: 'AbCdEf…', elcor: false });
    expect(lines[0]).not.toContain('AbCdEfG');
  });
});
