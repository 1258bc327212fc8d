/**
 * `pnpm --filter @linnet/api bench:shared`: what the shared event log carries. N sessions each get
 * E events published on the instance that owns them, with one subscriber per session on another
 * instance (STORE=redis, one local redis-server) or on the same one (STORE=memory); the figure is
 * events delivered to subscribers per second, end to end over real SSE sockets. It measures the
 * log and fan-out only, not the engine (see `pnpm bench` and `pnpm bench:load` for those).
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

async function run(owner: RunningServer, reader: RunningServer): Promise<number> {
  const ids: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const res = await fetch(`${owner.url}/session/start`, { method: 'POST' });
    ids.push(((await res.json()) as { session_id: string }).session_id);
  }
  const clients: SseTestClient[] = await Promise.all(ids.map((id) => openSse(`${reader.url}/session/${id}/stream`)));
  const started = performance.now();
  for (let e = 0; e < EVENTS; e++) {
    for (const id of ids) owner.store.get(id)!.channel.publish(speakerEvent({ session_id: id, timestamp: e }));
    // A turn of the loop between rounds, as audio windows arrive.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(clients.map((client) => client.waitFor((item) => item.kind === 'event' && item.id === EVENTS, 60_000)));
  const seconds = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  return (SESSIONS * EVENTS) / seconds;
}

const memory = await instance({ kind: 'memory' });
const memoryRate = await run(memory, memory);
await memory.close();

const redis = await startTestRedis();
const [a, b] = [await instance({ kind: 'redis', url: redis.url }), await instance({ kind: 'redis', url: redis.url })];
const sharedRate = await run(a, b);
await Promise.all([a.close(), b.close()]);
await redis.stop();

console.log(`${SESSIONS} sessions x ${EVENTS} events, one subscriber each`);
console.log(`STORE=memory, one instance:              ${Math.round(memoryRate)} events/s delivered`);
console.log(`STORE=redis, owner A -> subscriber on B: ${Math.round(sharedRate)} events/s delivered (${(sharedRate / memoryRate).toFixed(2)} of memory)`);
