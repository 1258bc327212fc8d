import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from './error-handler.js';
import { createLogger } from './logger.js';

function failingApp(thrown: unknown, lines: string[]) {
  const app = express();
  app.get('/boom', () => {
    throw thrown;
  });
  app.use(createErrorHandler(createLogger({ level: 'error', write: (line) => lines.push(line) })));
  return app;
}

describe('createErrorHandler', () => {
  it('answers an unexpected error with a bare 500 and logs where it was thrown, not its message', async () => {
    const lines: string[] = [];
    const res = await request(failingApp(new SyntaxError('Unexpected token, "my card is 4111" is not valid JSON'), lines)).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: 'Internal server error', code: 'internal_error' });
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(logged).toMatchObject({ level: 'error', event: 'request_failed', method: 'GET', path: '/boom', error: 'SyntaxError' });
    expect(logged.stack).toMatch(/^\s+at .*error-handler\.test\.ts/);
    expect(lines[0]).not.toContain('4111');
  });

  it('logs a thrown non-Error without its value', async () => {
    const lines: string[] = [];
    const res = await request(failingApp('user text', lines)).get('/boom');
    expect(res.status).toBe(500);
    expect(lines[0]).not.toContain('user text');
  });
});
