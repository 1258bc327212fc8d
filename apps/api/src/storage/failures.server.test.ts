import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transcriptEvent } from '@linnet/shared/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.js';
import type { RunningServer } from '../server.js';
import { openSse } from '../testing/sse-client.js';
import { DatabaseOpenError, openDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { call, publish, startSession, startStorageServer, tempDir } from './testing.js';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const isRoot = process.getuid?.() === 0;

describe('storage failures', () => {
  let temp: ReturnType<typeof tempDir>;
  let server: RunningServer | undefined;

  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    temp.remove();
  });

  it('stops start-up naming LINNET_DB when its folder cannot be made', async () => {
    const blocker = join(temp.dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const db = join(blocker, 'linnet.db');
    await expect(startStorageServer(db)).rejects.toThrow(new DatabaseOpenError(db, `EEXIST: file already exists, mkdir '${blocker}'`).message);
  });

  it('stops start-up naming LINNET_DB when the file is not a database', async () => {
    const db = join(temp.dir, 'linnet.db');
    writeFileSync(db, 'x'.repeat(4096));
    await expect(startStorageServer(db)).rejects.toThrow(`LINNET_DB=${db}: cannot open the database: file is not a database`);
  });

  it('stops start-up when the database was written by a newer Linnet', () => {
    const db = join(temp.dir, 'linnet.db');
    openDatabase({ path: db }).pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => openDatabase({ path: db })).toThrow(`LINNET_DB=${db}: cannot open the database: schema version ${MIGRATIONS.length + 1} is newer`);
  });

  it('applies each migration once: reopening keeps the schema version and the data', () => {
    const db = join(temp.dir, 'linnet.db');
    const first = openDatabase({ path: db });
    expect(first.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    first.prepare("INSERT INTO corrections (created_ms, session_id, event_id, event_type, shown_label, rating, share) VALUES (1, 's', 1, 'tone', 'Calm', 'up', 0)").run();
    first.close();
    const again = openDatabase({ path: db });
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT count(*) AS n FROM corrections').get()).toEqual({ n: 1 });
    again.close();
  });

  it('stops start-up naming LINNET_DB in a read-only folder', async (ctx) => {
    const folder = join(temp.dir, 'locked');
    mkdirSync(folder, { mode: 0o700 });
    // Permission bits do not stop root (CI runs as root): there the folder is made immutable.
    const lock = isRoot ? () => execFileSync('chattr', ['+i', folder], { stdio: 'ignore' }) : () => chmodSync(folder, 0o500);
    const unlock = isRoot ? () => execFileSync('chattr', ['-i', folder], { stdio: 'ignore' }) : () => chmodSync(folder, 0o700);
    try {
      lock();
    } catch {
      ctx.skip('this file system cannot make a folder read-only for root');
    }
    try {
      const db = join(folder, 'linnet.db');
      await expect(startStorageServer(db)).rejects.toThrow(
        `LINNET_DB=${db}: cannot open the database: ${isRoot ? 'EPERM: operation not permitted' : 'EACCES: permission denied'}, open '${db}'`,
      );
    } finally {
      unlock();
    }
  });

  it('exits 1 from the command line with the LINNET_DB message on stderr', async () => {
    const blocker = join(temp.dir, 'a-file');
    writeFileSync(blocker, '');
    const child = spawn(`${apiDir}node_modules/.bin/tsx`, ['src/server.ts'], {
      cwd: apiDir,
      env: { ...process.env, LINNET_PORT: '0', LINNET_HOST: '127.0.0.1', TRANSCRIBER: 'off', LINNET_DB: join(blocker, 'linnet.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^LINNET_DB=${join(blocker, 'linnet.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot open the database: EEXIST`));
  }, 30_000);

  it('tells the user a conversation could not be kept when the database is locked, and other sessions run on', async () => {
    const db = join(temp.dir, 'linnet.db');
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    server = await startStorageServer(db, { dbBusyTimeoutMs: 20, logger });
    const unlucky = await startSession(server, { keep: true });
    const bystander = await startSession(server, { keep: true });
    publish(server, unlucky, [transcriptEvent({ text: 'my private words', plain_text: 'my private words' })]);
    const stream = await openSse(`${server.url}/session/${unlucky}/stream`);

    // Another process holds the write lock: the write fails after the busy timeout.
    const other = new Database(db);
    other.exec('BEGIN EXCLUSIVE');
    const ended = await call(`${server.url}/session/${unlucky}/end`, { method: 'DELETE' });
    expect(ended).toMatchObject({ status: 200, body: { session_id: unlucky, state: 'stopped', keep: 'failed' } });
    expect(await stream.waitFor((item) => item.kind === 'event' && item.event === 'session-ended')).toMatchObject({
      data: { session_id: unlucky, reason: 'ended', keep: 'failed' },
    });
    expect((await call(`${server.url}/session/${bystander}`)).status).toBe(200);
    // Reads go on (WAL); a write through the API is a 503, never a 500.
    expect(await call(`${server.url}/sessions`)).toMatchObject({ status: 200, body: { count: 0 } });
    const refused = await call(`${server.url}/sessions`, { method: 'DELETE' });
    expect(refused).toMatchObject({ status: 503, body: { code: 'storage_unavailable', detail: 'Kept conversations cannot be reached right now; try again later' } });
    expect(refused.headers.get('retry-after')).toBe('5');
    const metrics = (await call(`${server.url}/metrics`)).body as { storage: Record<string, number> };
    expect(metrics.storage).toMatchObject({ kept_written: 0, kept_write_failures: 1 });

    const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.event === 'keep_failed');
    expect(failure).toMatchObject({ level: 'error', code: 'SQLITE_BUSY', reason: 'ended', events: 1 });
    const logged = lines.join('\n');
    expect(logged).not.toContain('private');
    expect(logged).not.toContain(unlucky);

    // Once the lock is gone, the next conversation is kept again.
    other.exec('ROLLBACK');
    other.close();
    expect(await call(`${server.url}/session/${bystander}/end`, { method: 'DELETE' })).toMatchObject({ body: { keep: 'kept' } });
    expect(((await call(`${server.url}/sessions`)).body as { count: number }).count).toBe(1);
  });

  it('writes nothing of a conversation when the disk fills part-way: one transaction, reported as failed', async () => {
    const db = join(temp.dir, 'linnet.db');
    const lines: string[] = [];
    server = await startStorageServer(db, { logger: createLogger({ level: 'info', write: (line) => lines.push(line) }) });
    const id = await startSession(server, { keep: true });
    // Enough words to need many new pages, in a database allowed no more pages than it has: SQLITE_FULL.
    publish(server, id, Array.from({ length: 400 }, (_, i) => transcriptEvent({ text: `sentence ${i} ${'words '.repeat(40)}`, timestamp: i })));
    const pages = server.storage!.db.pragma('page_count', { simple: true }) as number;
    server.storage!.db.pragma(`max_page_count = ${pages + 2}`);
    expect(await call(`${server.url}/session/${id}/end`, { method: 'DELETE' })).toMatchObject({ body: { keep: 'failed' } });
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.event === 'keep_failed')).toMatchObject({ code: 'SQLITE_FULL' });
    const counts = server.storage!.db.prepare('SELECT (SELECT count(*) FROM kept_sessions) AS sessions, (SELECT count(*) FROM kept_events) AS events').get();
    expect(counts).toEqual({ sessions: 0, events: 0 });
    expect(((await call(`${server.url}/metrics`)).body as { storage: Record<string, number> }).storage.kept_write_failures).toBe(1);
  });
});
