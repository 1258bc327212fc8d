import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  createServerFrameScanner,
  maskedBinaryFrames,
  maskedCloseFrame,
  maskedFrameBytes,
  maskedPongFrame,
  openRawWebSocket,
  type ServerFrameHandlers,
} from './raw-websocket.js';

const FRAME = 3200;
let server: WebSocketServer | null = null;

/** A real `ws` server on a loopback port; `onSocket` gets each connection. */
async function listen(onSocket: (socket: WebSocket) => void): Promise<number> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  server.on('connection', onSocket);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  if (!server) return;
  for (const client of server.clients) client.terminate();
  await new Promise((resolve) => server!.close(resolve));
  server = null;
});

function recorder() {
  const seen = { texts: 0, closes: [] as number[], pings: [] as string[] };
  const handlers: ServerFrameHandlers = {
    onText: () => (seen.texts += 1),
    onClose: (code) => seen.closes.push(code),
    onPing: (payload) => seen.pings.push(payload.toString()),
  };
  return { seen, handlers };
}

describe('maskedBinaryFrames', () => {
  it('lays out each payload after a FIN+binary header with the MASK bit, a 16-bit length and a zero key', () => {
    const pcm = Buffer.from(Array.from({ length: 2 * FRAME + 7 }, (_, i) => i & 0xff));
    const framed = maskedBinaryFrames(pcm, FRAME);
    expect(maskedFrameBytes(FRAME)).toBe(8 + FRAME);
    expect(framed.length).toBe(2 * (8 + FRAME)); // the 7 bytes of a partial frame are left out
    expect([...framed.subarray(0, 8)]).toEqual([0x82, 0x80 | 126, FRAME >> 8, FRAME & 0xff, 0, 0, 0, 0]);
    expect(framed.subarray(8 + FRAME + 8, 2 * (8 + FRAME)).equals(pcm.subarray(FRAME, 2 * FRAME))).toBe(true);
  });
});

describe('the raw client against the ws server', () => {
  it('delivers every prepared frame byte for byte, and counts one text message per ack', async () => {
    const received: Buffer[] = [];
    const port = await listen((socket) =>
      socket.on('message', (data, isBinary) => {
        expect(isBinary).toBe(true);
        received.push(data as Buffer);
        socket.send(JSON.stringify({ ok: true, bytes: (data as Buffer).length }));
      }),
    );
    const pcm = Buffer.from(Array.from({ length: 5 * FRAME }, (_, i) => (i * 7) & 0xff));
    const framed = maskedBinaryFrames(pcm, FRAME);
    const { seen, handlers } = recorder();
    const socket = await openRawWebSocket('127.0.0.1', port, '/session/x/audio', createServerFrameScanner(handlers));
    for (let i = 0; i < 5; i++) socket.write(framed.subarray(i * (8 + FRAME), (i + 1) * (8 + FRAME)));
    await expect.poll(() => seen.texts).toBe(5);
    // ws closes a connection whose client frames are not masked (1002): these were accepted as masked.
    expect(Buffer.concat(received).equals(pcm)).toBe(true);
    expect(seen.closes).toEqual([]);
    socket.destroy();
  });

  it('sees the server close with its code, answers pings with pongs, and closes with a masked close frame', async () => {
    let serverSide: WebSocket | null = null;
    const pongs: string[] = [];
    const closes: number[] = [];
    const port = await listen((socket) => {
      serverSide = socket;
      socket.on('pong', (data) => pongs.push(data.toString()));
      socket.on('close', (code) => closes.push(code));
    });
    const { seen, handlers } = recorder();
    let socket: Socket | null = null;
    const onPing = (payload: Buffer) => (handlers.onPing(payload), socket!.write(maskedPongFrame(payload)));
    socket = await openRawWebSocket('127.0.0.1', port, '/', createServerFrameScanner({ ...handlers, onPing }));
    await expect.poll(() => serverSide).not.toBeNull();
    serverSide!.ping('are you there');
    await expect.poll(() => pongs).toEqual(['are you there']);
    expect(seen.pings).toEqual(['are you there']);
    socket.write(maskedCloseFrame(4321));
    await expect.poll(() => closes).toEqual([4321]);
    // ws answers a close with its own, echoing the code.
    await expect.poll(() => seen.closes).toEqual([4321]);
  });

  it('rejects an answer that is not 101 Switching Protocols', async () => {
    const port = await listen(() => undefined);
    server!.options.verifyClient = () => false;
    await expect(openRawWebSocket('127.0.0.1', port, '/', () => undefined)).rejects.toThrow('audio socket answered HTTP/1.1 401 Unauthorized');
  });
});

describe('createServerFrameScanner', () => {
  it('reads frames split at every byte: short, 16-bit and 64-bit lengths, fragmented text, close', () => {
    const text = (payload: string, fin = true, opcode = 1) => Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length]), Buffer.from(payload)]);
    const long = Buffer.concat([Buffer.from([0x81, 126, 0x01, 0x00]), Buffer.alloc(256, 0x61)]);
    const huge = Buffer.concat([Buffer.from([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]), Buffer.alloc(65_536)]); // binary: not an ack
    const bytes = Buffer.concat([
      text('{"ok":true,"bytes":3200}'),
      long,
      huge,
      text('{"ok":', false),
      text('true}', true, 0),
      Buffer.from([0x88, 2, 0x0f, 0xa0]),
    ]);
    const { seen, handlers } = recorder();
    const scan = createServerFrameScanner(handlers);
    for (let i = 0; i < bytes.length; i++) scan(bytes.subarray(i, i + 1));
    // A chunk whose bytes end before the buffer does (a shared read buffer): only `length` counts.
    scan(Buffer.concat([text('{}'), text('not read')]), 4);
    expect(seen).toEqual({ texts: 4, closes: [4000], pings: [] });
  });

  it('refuses a masked server frame', () => {
    const { handlers } = recorder();
    expect(() => createServerFrameScanner(handlers)(Buffer.from([0x81, 0x80 | 1, 0, 0, 0, 0, 0x61]))).toThrow('masked');
  });
});
