import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVICE_KEY_CHARS, DEVICE_KEY_HEADER, type LinnetEvent } from '@linnet/shared';
import { afterEach, beforeEach } from 'vitest';
import type { SessionEngineFactory } from '../engine/tone-engine.js';
import { startServer, type RunningServer, type StartServerOptions } from '../server.js';

// No audio flows in these tests; events are published straight onto the session's channel.
const idleEngine: SessionEngineFactory = () => ({ analyse: () => [], dispose() {} });

/** A temporary folder for a real database file, removed by `remove()`. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'linnet-db-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A listening server on loopback with its database at `db`, no captions and an idle engine. */
export function startStorageServer(db: string, { env, ...options }: StartServerOptions = {}): Promise<RunningServer> {
  return startServer({
    captions: false,
    engineFactory: idleEngine,
    env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', db, ...env },
    ...options,
  });
}

/**
 * For each test of the enclosing `describe`: a database file in a fresh temporary folder and a storage server on it,
 * closed and removed after the test. `restart()` stops that server and starts another on the same file (a restart, or
 * other settings); the handle then answers with the new one.
 */
export function useStorageServer() {
  let temp: ReturnType<typeof tempDir> | undefined;
  let running: RunningServer | undefined;
  const dbPath = () => {
    if (!temp) throw new Error('useStorageServer: the database is made in beforeEach; use it inside a test');
    return join(temp.dir, 'linnet.db');
  };
  beforeEach(async () => {
    temp = tempDir();
    running = await startStorageServer(dbPath());
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    temp?.remove();
    temp = undefined;
  });
  return {
    /** The server of the current test. */
    get server(): RunningServer {
      if (!running) throw new Error('useStorageServer: the server is started in beforeEach; use it inside a test');
      return running;
    },
    /** The current test's database file. */
    get db(): string {
      return dbPath();
    },
    /** Closes the server and starts another on the same database file, with `options`. */
    async restart(options: StartServerOptions = {}): Promise<RunningServer> {
      await running?.close();
      running = undefined;
      running = await startStorageServer(dbPath(), options);
      return running;
    },
  };
}

/** Two devices' keys (`X-Linnet-Device`); requests send the first unless told otherwise. */
export const DEVICE_A = 'a'.repeat(DEVICE_KEY_CHARS);
export const DEVICE_B = 'B-_b'.repeat(11).slice(0, DEVICE_KEY_CHARS);

/** `fetch` then JSON: status and parsed body. Sends `device`'s key (none when null). */
export async function call(url: string, init: RequestInit = {}, device: string | null = DEVICE_A): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (device !== null && !headers.has(DEVICE_KEY_HEADER)) headers.set(DEVICE_KEY_HEADER, device);
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.includes('application/json') ? JSON.parse(text) : text, headers: response.headers };
}

/** POST a JSON body as `device`. */
export function postJson(url: string, body: unknown, device: string | null = DEVICE_A): Promise<{ status: number; body: unknown; headers: Headers }> {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, device);
}

/** Start a session over HTTP as `device` and return its id. */
export async function startSession(server: RunningServer, options: Record<string, unknown> = {}, device: string | null = DEVICE_A): Promise<string> {
  const { status, body } = await postJson(`${server.url}/session/start`, options, device);
  if (status !== 200) throw new Error(`start answered ${status}`);
  return (body as { session_id: string }).session_id;
}

/** Publish events onto a running session, stamped with its id; returns their stream ids. */
export function publish(server: RunningServer, sessionId: string, events: LinnetEvent[]): number[] {
  const session = server.store.get(sessionId);
  if (!session) throw new Error('no such session');
  return events.map((event) => session.channel.publish({ ...event, session_id: sessionId }));
}
