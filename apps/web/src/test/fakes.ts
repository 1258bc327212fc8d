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
  /** The `X-Linnet-Device` header of each call, null when it sent none. */
  const deviceKeys: (string | null)[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    calls.push({ url, method: init?.method ?? 'GET' });
    deviceKeys.push(new Headers(init?.headers).get('x-linnet-device'));
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected fetch ${url}`);
    if (answer instanceof Error) throw answer;
    return answer(url, init);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls, deviceKeys };
}

/** A JSON response. */
export function json(status: number, body: unknown): () => Response {
  return () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A WebSocket stand-in: records frames and close codes; the test opens, acks and closes it. */
export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];
  readyState = FakeWebSocket.CONNECTING;
  binaryType = 'blob';
  bufferedAmount = 0;
  sent: ArrayBuffer[] = [];
  closedWith: number | undefined;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static latest(): FakeWebSocket {
    const latest = FakeWebSocket.instances.at(-1);
    if (!latest) throw new Error('no WebSocket was created');
    return latest;
  }

  send(data: ArrayBuffer): void {
    this.sent.push(data);
  }

  close(code = 1000): void {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.closedWith = code;
    this.readyState = FakeWebSocket.CLOSED;
  }

  /** Server side: accept the connection. */
  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }

  /** Server side: close with an application code. */
  serverClose(code: number): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason: '' });
  }
}

/** Opens the latest fake socket as soon as the code under test has created it. */
export async function openLatestSocket(): Promise<FakeWebSocket> {
  // fetch/Response bodies may settle on a later task than a microtask, so yield whole tasks (no wall-clock wait).
  for (let i = 0; i < 50 && FakeWebSocket.instances.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  const socket = FakeWebSocket.latest();
  socket.open();
  return socket;
}
