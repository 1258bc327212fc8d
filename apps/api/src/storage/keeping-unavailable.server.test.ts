import { HealthResponseSchema } from '@linnet/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.js';
import type { RunningServer } from '../server.js';
import { loadBetterSqlite3, tryLoadSqlite } from './sqlite-driver.js';
import { call, DEVICE_A, postJson, startStorageServer } from './testing.js';

/** What `import('better-sqlite3')` throws on a machine that could not build it. */
function missingDriver(): Promise<never> {
  const error = Object.assign(new Error("Cannot find module 'better-sqlite3' imported from /home/someone/linnet/apps/api/dist/server.js"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
  return Promise.reject(error);
}

const UNAVAILABLE = {
  status: 503,
  body: { code: 'keeping_unavailable', detail: 'This Linnet server cannot keep conversations: its SQLite driver (better-sqlite3) is not installed' },
};

describe('a server whose SQLite driver does not load', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('starts, says storage is unavailable, and runs sessions that keep nothing', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    server = await startStorageServer('/nonexistent/linnet.db', { loadSqlite: missingDriver, logger });
    expect(server.storage).toBeNull();
    const health = HealthResponseSchema.parse((await call(`${server.url}/health`)).body);
    expect(health.storage).toBe('unavailable');
    const started = await postJson(`${server.url}/session/start`, { elcor: true });
    expect(started).toMatchObject({ status: 200, body: { state: 'running', elcor: true } });
    expect(started.body).not.toHaveProperty('keep');
    const id = (started.body as { session_id: string }).session_id;
    expect(await call(`${server.url}/session/${id}/end`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { session_id: id, state: 'stopped' } });
    expect(((await call(`${server.url}/metrics`)).body as { storage: unknown }).storage).toEqual({ unavailable: true });
    // Logged once, with the error's class and code: not its message, which names paths on this machine.
    const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.event === 'storage_unavailable');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn', reason: 'Error ERR_MODULE_NOT_FOUND' });
    expect(lines.join('')).not.toContain('/home/someone');
  });

  it('refuses keep and every kept route with 503 keeping_unavailable, without Retry-After', async () => {
    server = await startStorageServer('/nonexistent/linnet.db', { loadSqlite: missingDriver });
    const json = { method: 'POST', headers: { 'content-type': 'application/json' } };
    const refused: Array<[string, RequestInit]> = [
      ['/session/start', { ...json, body: JSON.stringify({ keep: true }) }],
      ['/session/resume', { ...json, body: JSON.stringify({ from: 'Zk3_-aQ9vX0pLmN2bC4dEw' }) }],
      ['/sessions', {}],
      ['/sessions?q=anything', {}],
      ['/sessions/Zk3_-aQ9vX0pLmN2bC4dEw', {}],
      ['/sessions/Zk3_-aQ9vX0pLmN2bC4dEw/export?format=md', {}],
      ['/sessions/Zk3_-aQ9vX0pLmN2bC4dEw', { method: 'DELETE' }],
      ['/sessions', { method: 'DELETE' }],
      ['/corrections', { ...json, body: JSON.stringify({ session_id: 'Zk3_-aQ9vX0pLmN2bC4dEw', event_id: 1, rating: 'up' }) }],
      ['/corrections/export', {}],
    ];
    for (const [path, init] of refused) {
      const answer = await call(`${server.url}${path}`, init, DEVICE_A);
      expect(answer).toMatchObject(UNAVAILABLE);
      expect(answer.headers.get('retry-after')).toBeNull();
    }
    expect(server.store.size).toBe(0);
  });

  it('says storage is ok when the driver loads', async () => {
    server = await startStorageServer(':memory:');
    expect(HealthResponseSchema.parse((await call(`${server.url}/health`)).body).storage).toBe('ok');
  });
});

describe('loadBetterSqlite3', () => {
  it('loads the installed driver with its native binding, proven by opening a database', async () => {
    const driver = await loadBetterSqlite3();
    const db = new driver(':memory:');
    expect(db.prepare('SELECT sqlite_version() AS v').get()).toEqual({ v: expect.stringMatching(/^3\./) });
    db.close();
  });
});

describe('tryLoadSqlite', () => {
  it('answers the driver, or null with a reason made of the error class and code only', async () => {
    const driver = (() => {}) as never;
    expect(await tryLoadSqlite(async () => driver)).toEqual({ driver });
    expect(await tryLoadSqlite(missingDriver)).toEqual({ driver: null, reason: 'Error ERR_MODULE_NOT_FOUND' });
    expect(await tryLoadSqlite(() => Promise.reject(new TypeError('The module was compiled against a different Node.js version')))).toEqual({
      driver: null,
      reason: 'TypeError',
    });
  });
});
