import { connect, createServer, type Socket } from 'node:net';

/** A TCP balancer on loopback in front of several servers. */
export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/** The first of `ports` that accepts a connection now, or null when none does. */
function connectFirst(ports: number[]): Promise<Socket | null> {
  return ports.reduce<Promise<Socket | null>>(
    (found, port) =>
      found.then(
        (socket) =>
          socket ??
          new Promise((resolve) => {
            const upstream = connect(port, '127.0.0.1');
            upstream.once('connect', () => resolve(upstream));
            upstream.once('error', () => resolve(null));
          }),
      ),
    Promise.resolve(null),
  );
}

/**
 * Each new connection goes to the first of `ports` that accepts it, as a load balancer with a primary and a backup
 * does (nginx's `backup`): everything lands on the first server while it lives, and on the next once it is gone.
 */
export async function failoverBalancer(ports: number[]): Promise<Balancer> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    client.pause();
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    void connectFirst(ports).then((upstream) => {
      if (!upstream) return client.destroy();
      sockets.add(upstream);
      upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
      upstream.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
