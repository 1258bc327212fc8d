import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay in front of a server, which a test can cut (every connection dropped, new ones refused) and restore. */
export interface CuttableLink {
  url: string;
  /** Drop every connection and stop listening: the server is out of reach, but keeps running. */
  cut(): Promise<void>;
  /** Listen again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Relay 127.0.0.1:<free port> to `targetPort`, so a page can lose its server without the server losing its state. */
export async function cuttableLink(targetPort: number): Promise<CuttableLink> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  function listen(): Promise<void> {
    const next = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server = next;
    return new Promise((resolve) =>
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as { port: number }).port;
        resolve();
      }),
    );
  }

  async function cut(): Promise<void> {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  await listen();
  return { url: `http://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}
