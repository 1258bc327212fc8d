/**
 * The reference deployment of docs/scaling.md, for real: Debian's nginx on loopback, configured
 * with the `nginx` block of that page (only `listen` and the upstream addresses swapped), in front
 * of two built instances sharing sessions through Redis. Skipped, saying so, where nginx is absent.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '@linnet/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLimitsServer, type LimitsServer } from '../abuse/support/limits-server.js';
import { streamPcm } from '../src/testing/audio-client.js';
import { freePort, startTestRedis, type TestRedis } from '../src/testing/redis-server.js';
import { openSse, type SseTestClient } from '../src/testing/sse-client.js';

const SCALING_DOC = fileURLToPath(new URL('../../../docs/scaling.md', import.meta.url));

function nginxPath(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' }).trim().split('\n')[0] || null;
  } catch {
    return null;
  }
}
const NGINX = nginxPath();
if (!NGINX) console.warn('test:cluster: nginx is not installed (apt-get install nginx), so the reverse-proxy case is skipped');

/** The documented config, listening on `port` in front of `upstreams`, in an `http` block of its own. */
function nginxConfig(dir: string, port: number, upstreams: number[]): string {
  const documented = /```nginx\n([\s\S]*?)```/.exec(readFileSync(SCALING_DOC, 'utf8'))?.[1];
  if (!documented) throw new Error('docs/scaling.md has no nginx block');
  const servers = upstreams.map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=5s;`).join('\n');
  const site = documented
    .replace(/^ {4}server 127\.0\.0\.1:\d+ .*\n(?: {4}server 127\.0\.0\.1:\d+ .*\n)*/m, `${servers}\n`)
    .replace(/^ {4}listen .*;$/m, `    listen 127.0.0.1:${port};`);
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  return `master_process off;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
${site}
}
`;
}

async function startNginx(dir: string, port: number, upstreams: number[]): Promise<ChildProcess> {
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreams));
  const child = spawn(NGINX!, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function speech(dir: string): Int16Array {
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, 'speech.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, 'Thanks for calling, I have your appointment details here. The results came back this morning and everything looks normal. Could you tell me which day works best for you next week?']);
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav]);
  return decodeWav(readFileSync(wav)).samples;
}

const ids = (client: SseTestClient) => client.events().filter((item) => item.id !== undefined).map((item) => item.id!);

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!NGINX)('test:cluster: nginx in front of two instances, as docs/scaling.md configures it', () => {
  let dir: string;
  let redis: TestRedis;
  let nginx: ChildProcess;
  let proxy: string;
  const servers: LimitsServer[] = [];
  const clients: SseTestClient[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linnet-nginx-'));
    redis = await startTestRedis();
    const env = { STORE: 'redis', REDIS_URL: redis.url, TRUST_PROXY: 'loopback' };
    servers.push(...(await Promise.all([startLimitsServer(env), startLimitsServer(env)])));
    const port = await freePort();
    nginx = await startNginx(dir, port, servers.map((server) => Number(new URL(server.url).port)));
    proxy = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await Promise.all(servers.map((server) => (server.child.exitCode === null && server.child.signalCode === null ? server.stop() : undefined)));
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('streams events and audio through the proxy, and a killed instance costs its clients a reconnect, not an event', async () => {
    const pcm = speech(dir);
    const half = Math.floor(pcm.length / 2 / 1600) * 1600;
    const started = await fetch(`${proxy}/session/start`, { method: 'POST' });
    expect(started.status).toBe(200);
    const id = ((await started.json()) as { session_id: string }).session_id;
    const first = await openSse(`${proxy}/session/${id}/stream`);
    clients.push(first);
    expect(first.response.headers['content-type']).toMatch(/^text\/event-stream/);

    // The WebSocket upgrade passes through; events come back over the proxied stream as they happen.
    const firstHalf = await streamPcm(proxy, id, pcm.subarray(0, half));
    expect(firstHalf.ackedBytes).toEqual(firstHalf.sentBytes);
    await until(() => ids(first).length >= 2, 'events through the proxy');

    // One instance dies hard. Whatever ran on it (the stream, the audio, or both) reconnects through nginx to the other.
    const victim = servers[0]!;
    const exited = new Promise((resolve) => victim.child.once('exit', resolve));
    victim.child.kill('SIGKILL');
    await exited;
    let streams = [first];
    // nginx ends a proxied stream whose instance died at once; give it time to say so. A stream on the survivor
    // never ends, so this wait is spent in full then; one second was a race on a loaded machine (an ended stream
    // taken for a live one is waited on for events that never come).
    if (await Promise.race([first.ended.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5_000))])) {
      const resumed = await openSse(`${proxy}/session/${id}/stream`, { 'Last-Event-ID': String(ids(first).at(-1)) });
      clients.push(resumed);
      streams = [first, resumed];
    }
    const before = ids(streams.at(-1)!).at(-1) ?? ids(first).at(-1)!;
    const secondHalf = await streamPcm(proxy, id, pcm.subarray(half));
    expect(secondHalf.ackedBytes).toEqual(secondHalf.sentBytes);
    await until(() => (ids(streams.at(-1)!).at(-1) ?? 0) > before, 'events from the audio after the kill');

    // Every event once, in order, across the reconnect: 1..N with no gap and no repeat.
    const all = streams.flatMap(ids);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect(streams.some((stream) => stream.events().some((item) => item.event === 'replay-gap'))).toBe(false);
    console.log(`test:cluster nginx: ${all.length} events through nginx; stream ${streams.length > 1 ? 'reconnected' : 'was on the survivor'} after the kill`);
  });
});
