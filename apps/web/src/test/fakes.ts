/** A document stand-in whose visibility the test flips, firing `visibilitychange` like a browser. */
export class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';

  /** Changes visibility and dispatches the event. */
  setVisibility(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** Resolves once every already-queued microtask (and the ones they queue, a few levels deep) has run. */
export async function flushPromises(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** An EventSource stand-in: records its URL and listeners, lets the test play server messages. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((message: MessageEvent) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const latest = FakeEventSource.instances.at(-1);
    if (!latest) throw new Error('no EventSource was created');
    return latest;
  }

  addEventListener(name: string, listener: (message: MessageEvent) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  /** Plays one named server event with an optional `id:`. */
  emit(name: string, data: unknown, id?: number): void {
    const message = new MessageEvent(name, { data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: id === undefined ? '' : String(id) });
    for (const listener of this.listeners.get(name) ?? []) listener(message);
  }
}

/** setTimeout/clearTimeout that only run when the test says so. */
export class ManualTimers {
  pending: { run: () => void; ms: number; handle: number }[] = [];
  private next = 1;
  setTimeout = (run: () => void, ms: number): number => {
    const handle = this.next++;
    this.pending.push({ run, ms, handle });
    return handle;
  };
  clearTimeout = (handle: unknown): void => {
    this.pending = this.pending.filter((t) => t.handle !== handle);
  };
  /** Runs the earliest scheduled timer and returns its delay. */
  runNext(): number {
    const timer = this.pending.shift();
    if (!timer) throw new Error('no timer pending');
    timer.run();
    return timer.ms;
  }
}

/** A recording fetch whose answers the test scripts per call. */
export function scriptedFetch(...answers: (((url: string, init?: RequestInit) => Response) | Error)[]) {
  const calls: { url: string; method: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    calls.push({ url, method: init?.method ?? 'GET' });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected fetch ${url}`);
    if (answer instanceof Error) throw answer;
    return answer(url, init);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A JSON response. */
export function json(status: number, body: unknown): () => Response {
  return () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
