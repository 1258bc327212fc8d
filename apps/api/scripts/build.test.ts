import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamPcm } from '../src/testing/audio-client.js';
import { voicedPcm } from '../src/workers/testing/voiced-pcm.js';
import { buildApi } from './build.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

// What `pnpm start` runs: the bundle under plain node, no TypeScript loader anywhere.
describe('the compiled server (dist/server.js)', { timeout: 120_000 }, () => {
  let child: ChildProcess;
  let url: string;
  let exited: Promise<[number | null, NodeJS.Signals | null]>;

  beforeAll(async () => {
    await buildApi();
    child = spawn(process.execPath, [`${DIST}server.js`], {
      env: { ...process.env, LINNET_PORT: '0', LINNET_HOST: '127.0.0.1', WEB_DIST_DIR: '/nonexistent', LOG_LEVEL: 'info', ENGINE_WORKERS: '2',
        // A real file: the bundle must load better-sqlite3's native module and migrate a database.
        LINNET_DB: join(mkdtempSync(join(tmpdir(), 'linnet-build-')), 'linnet.db') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        const listening = /"event":"server_listening".*?"port":(\d+)/.exec(output);
        if (listening) resolve(Number(listening[1]));
      });
      child.once('exit', (code) => reject(new Error(`dist/server.js exited with ${code}`)));
    });
    url = `http://127.0.0.1:${port}`;
  }, 120_000);
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves /health, with the bundled server finding pocketsphinx for captions and its optional SQLite driver', async () => {
    const res = await fetch(`${url}/health`);
    expect([res.status, await res.json()]).toEqual([
      200,
      {
        status: 'ok',
        service: 'linnet',
        captions: { recogniser: 'pocketsphinx', status: 'live', code: 'captions_ready', active: 0, max_transcribers: 4 },
        storage: 'ok',
      },
    ]);
  });

  it('analyses audio in its bundled engine workers', async () => {
    const res = await fetch(`${url}/session/start`, { method: 'POST' });
    const { session_id: id } = (await res.json()) as { session_id: string };
    await streamPcm(url, id, voicedPcm(3));
    await expect
      .poll(async () => ((await (await fetch(`${url}/metrics`)).json()) as { audio: { windowsAnalysed: number } }).audio.windowsAnalysed, {
        timeout: 30_000,
      })
      .toBe(3);
    const { engine } = (await (await fetch(`${url}/metrics`)).json()) as { engine: unknown };
    expect(engine).toEqual({ name: 'prosody', pool: { size: 2, crashes: 0, workers: [{ sessions: 1, windowsAnalysed: 3 }, { sessions: 0, windowsAnalysed: 0 }] } });
  });

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });
});
