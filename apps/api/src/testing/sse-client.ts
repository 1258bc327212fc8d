import { request, type IncomingMessage } from 'node:http';

/** One parsed item of an event stream: a comment line or a dispatched event. @public */
export type SseItem =
  | { kind: 'comment'; text: string }
  | { kind: 'event'; id: number | undefined; event: string; data: unknown };

/** A real HTTP client reading `text/event-stream`, for tests. */
export interface SseTestClient {
  response: IncomingMessage;
  /** Everything received so far, in order. */
  items: SseItem[];
  /** Only the events (no comments). */
  events(): Array<Extract<SseItem, { kind: 'event' }>>;
  /**
   * Resolves with the first item (from index `from`) that matches, or rejects after `timeoutMs`.
   * @default timeoutMs 10_000: a wait on a real socket, sized for a loaded CI machine (3 s failed there); a test
   * that bounds how soon an event must come passes its own bound.
   */
  waitFor(match: (item: SseItem) => boolean, timeoutMs?: number, from?: number): Promise<SseItem>;
  /** Resolves when the server closed the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Open `url` as an event stream; resolves once the response headers arrived. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseTestClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const items: SseItem[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let endedResolve!: () => void;
      const ended = new Promise<void>((r) => (endedResolve = r));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          items.push(parseBlock(block));
        }
        for (const wake of [...waiters]) wake();
      });
      const finish = () => {
        endedResolve();
        for (const wake of [...waiters]) wake();
      };
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', finish);
      let isEnded = false;
      void ended.then(() => (isEnded = true));

      const client: SseTestClient = {
        response,
        items,
        events: () => items.filter((item): item is Extract<SseItem, { kind: 'event' }> => item.kind === 'event'),
        waitFor(match, timeoutMs = 10_000, from = 0) {
          return new Promise((resolveItem, rejectItem) => {
            const check = () => {
              const found = items.slice(from).find(match);
              if (found) {
                done();
                resolveItem(found);
              } else if (isEnded) {
                done();
                rejectItem(new Error(`stream ended without a match; got ${JSON.stringify(items)}`));
              }
            };
            const timer = setTimeout(() => {
              done();
              rejectItem(new Error(`no match within ${timeoutMs} ms; got ${JSON.stringify(items)}`));
            }, timeoutMs);
            const done = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          });
        },
        ended,
        close: () => req.destroy(),
      };
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}

function parseBlock(block: string): SseItem {
  if (block.startsWith(':')) return { kind: 'comment', text: block.slice(1).trim() };
  let id: number | undefined;
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') event = value;
    else if (field === 'data') data += value;
  }
  return { kind: 'event', id, event, data: JSON.parse(data) as unknown };
}

/** Read a whole JSON (error) body from a non-stream response. */
export async function readJson(response: IncomingMessage): Promise<unknown> {
  let text = '';
  response.setEncoding('utf8');
  for await (const chunk of response) text += chunk as string;
  return JSON.parse(text) as unknown;
}
