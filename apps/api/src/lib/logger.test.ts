import { describe, expect, it } from 'vitest';
import { createLogger, sessionIdHash } from './logger.js';

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

  it('never writes any part of a session id, only a short hash that is the same for every line of that session', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    logger.info('session_started', { session_id: 'AbCdEfGhIjKlMnOpQrStUv', elcor: false });
    logger.info('session_ended', { session_id: 'AbCdEfGhIjKlMnOpQrStUv' });
    logger.info('session_started', { session_id: 'AbCdEfGhIjKlMnOpQrStUw' });
    const [started, ended, other] = lines.map((line) => JSON.parse(line) as { session_id: string });
    // sha256('AbCdEfGhIjKlMnOpQrStUv') in base64url begins with i_tKf2wc.
    expect(started).toMatchObject({ session_id: '#i_tKf2wc', elcor: false });
    expect(sessionIdHash('AbCdEfGhIjKlMnOpQrStUv')).toBe('#i_tKf2wc');
    expect(started!.session_id).toMatch(/^#[A-Za-z0-9_-]{8}$/);
    expect(ended!.session_id).toBe(started!.session_id);
    expect(other!.session_id).not.toBe(started!.session_id);
    for (const line of lines) expect(line).not.toContain('AbCd');
  });
});
