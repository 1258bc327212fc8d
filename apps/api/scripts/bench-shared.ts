/**
 * `pnpm --filter @linnet/api bench:shared`: what the shared event log carries. N sessions each get
 * E events published on the instance that started them, with one subscriber per session: on the
 * same instance with STORE=memory, or on the next of three instances with STORE=redis (one local
 * redis-server, sessions started round-robin). The figure is events delivered to subscribers per
 * second, end to end over real SSE sockets. It measures the log and fan-out only, not the engine
 * (see `pnpm bench` and `pnpm bench:load` for those). All instances share this one process.
 */
import { speakerEvent } from '@linnet/shared/testing';
import type { SessionEngineFactory } from '../src/engine/tone-engine.js';
import { startServer, type RunningServer } from '../src/server.js';
import { startTestRedis } from '../src/testing/redis-server.js';
import { openSse, type SseTestClient } from '../src/testing/sse-client.js';

const SESSIONS = 50;
const EVENTS = 200;
const idleEngine: SessionEngineFactory = () => ({ analyse: () => [], dispose() {} });

async function instance(store: { kind: 'memory' } | { kind: 'redis'; url: string }): Promise<RunningServer> {
  return startServer({ captions: false, engineFactory: idleEngine, env: { port: 0, host: '127.0.0.1', webDistDir: '/nonexistent', maxSessions: SESSIONS, maxSessionsPerClient: SESSIONS, maxSubscribersPerClient: SESSIONS, store } });
}

async function run(instances: RunningServer[]): Promise<number> {
  const sessions: Array<{ id: string; owner: RunningServer }> = [];
  for (let i = 0; i < SESSIONS; i++) {
    const owner = instances[i % instances.length]!;
    const res = await fetch(`${owner.url}/session/start`, { method: 'POST' });
    sessions.push({ id: ((await res.json()) as { session_id: string }).session_id, owner });
  }
  const clients: SseTestClient[] = await Promise.all(sessions.map(({ id }, i) => openSse(`${instances[(i + 1) % instances.length]!.url}/session/${id}/stream`)));
  const started = performance.now();
  for (let e = 0; e < EVENTS; e++) {
    for (const { id, owner } of sessions) owner.store.get(id)!.channel.publish(speakerEvent({ session_id: id, timestamp: e }));
    // A turn of the loop between rounds, as audio windows arrive.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(clients.map((client) => client.waitFor((item) => item.kind === 'event' && item.id === EVENTS, 60_000)));
  const seconds = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  return (SESSIONS * EVENTS) / seconds;
}

const memory = await instance({ kind: 'memory' });
const memoryRate = await run([memory]);
await memory.close();

const redis = await startTestRedis();
const cluster = [await instance({ kind: 'redis', url: redis.url }), await instance({ kind: 'redis', url: redis.url }), await instance({ kind: 'redis', url: redis.url })];
const sharedRate = await run(cluster);
await Promise.all(cluster.map((server) => server.close()));
await redis.stop();

console.log(`${SESSIONS} sessions x ${EVENTS} events, one subscriber each`);
console.log(`STORE=memory, one instance:                    ${Math.round(memoryRate)} events/s delivered`);
console.log(`STORE=redis, three instances, subscriber on the next: ${Math.round(sharedRate)} events/s delivered (${(sharedRate / memoryRate).toFixed(2)} of memory)`);
