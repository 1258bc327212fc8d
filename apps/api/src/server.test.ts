import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIO_CLOSE_CODES } from '@linnet/shared';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { openSse } from './testing/sse-client.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = `${apiDir}node_modules/.bin/tsx`;

describe('server process', () => {
  it('ends every session with reason shutdown and exits 0 within 5 s of SIGTERM', async () => {
    // A database of its own, not data/linnet.db in the working directory.
    const dbDir = mkdtempSync(join(tmpdir(), 'linnet-db-'));
    const child = spawn(tsx, ['src/server.ts'], {
      cwd: apiDir,
      env: { ...process.env, LINNET_PORT: '0', LINNET_HOST: '127.0.0.1', LOG_LEVEL: 'info', WEB_DIST_DIR: '/nonexistent', LINNET_DB: join(dbDir, 'linnet.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          for (const line of stdout.split('\n').slice(0, -1)) {
            const entry = JSON.parse(line) as { event: string; port?: number };
            if (entry.event === 'server_listening' && entry.port) resolve(entry.port);
          }
        });
        void exited.then((code) => reject(new Error(`server exited early with ${code}`)));
      });
      const url = `http://127.0.0.1:${port}`;
      const { session_id: id } = (await (await fetch(`${url}/session/start`, { method: 'POST' })).json()) as { session_id: string };
      const stream = await openSse(`${url}/session/${id}/stream`);
      await stream.waitFor(() => true);
      const socket = new WebSocket(`ws://127.0.0.1:${port}/session/${id}/audio`);
      await new Promise((resolve) => socket.once('open', resolve));
      const socketClosed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

      const signalledAt = Date.now();
      child.kill('SIGTERM');
      // Waited for as long as the contract allows (5 s from the signal), not the SSE helper's default 3 s: a
      // loaded machine failed this test at 3 s, stricter than the 5 s it states.
      const ended = await stream.waitFor((item) => item.kind === 'event' && item.event === 'session-ended', signalledAt + 5_000 - Date.now());
      expect(ended).toEqual({ kind: 'event', id: undefined, event: 'session-ended', data: { session_id: id, reason: 'shutdown' } });
      expect(await socketClosed).toBe(AUDIO_CLOSE_CODES.sessionEnded);
      expect(await exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(5_000);

      // Structured logs: one JSON object per line, with no request bodies or audio in them.
      lines.push(...stdout.trim().split('\n'));
      const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
      expect(events).toEqual(expect.arrayContaining(['server_listening', 'session_started', 'shutdown_requested', 'server_closed']));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dbDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses to start with a bad variable, naming it', async () => {
    const child = spawn(tsx, ['src/server.ts'], {
      cwd: apiDir,
      env: { ...process.env, LINNET_PORT: '0', MAX_SESSIONS: 'many' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Invalid environment: MAX_SESSIONS: /);
  }, 30_000);
});
