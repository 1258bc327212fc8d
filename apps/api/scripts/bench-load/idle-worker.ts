/**
 * A child process holding idle SSE subscribers (what `curl -N` would): it reads each stream and
 * does nothing else. Several split the load so no one process runs out of file descriptors.
 */
import { request, type ClientRequest } from 'node:http';

export type ToIdleWorker = { type: 'open'; baseUrl: string; sessionIds: string[]; localAddresses: string[] } | { type: 'finish' };
export type FromIdleWorker = { type: 'opened'; opened: number; failed: number; firstError: string | null };

const OPEN_CONCURRENCY = 64;
const requests: ClientRequest[] = [];

/** Subscribe once; resolves when the opening heartbeat arrives (the server has set the stream up). */
function subscribe(url: string, localAddress: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, localAddress, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.once('data', () => resolve());
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
    requests.push(req);
  });
}

process.on('message', async (message: ToIdleWorker) => {
  if (message.type === 'finish') {
    for (const req of requests) req.destroy();
    process.exit(0);
  }
  const queue = message.sessionIds.map((id, i) => ({ id, i }));
  let opened = 0;
  let failed = 0;
  let firstError: string | null = null;
  const opener = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      // Spreading source addresses gives each its own ephemeral port range (about 28 000 on Linux).
      const localAddress = message.localAddresses[next.i % message.localAddresses.length]!;
      try {
        await subscribe(`${message.baseUrl}/session/${next.id}/stream`, localAddress);
        opened += 1;
      } catch (error) {
        failed += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, opener));
  process.send!({ type: 'opened', opened, failed, firstError } satisfies FromIdleWorker);
});
