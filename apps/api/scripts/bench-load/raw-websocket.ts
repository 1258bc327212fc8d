/**
 * The load generator's WebSocket client, cut to what the bench does: send binary frames prepared
 * once, and count the server's text frames (acks) by their headers, without decoding them. A
 * simulated client must cost far less than the server it loads; the `ws` client masks each frame
 * with a fresh random key into a fresh buffer and decodes every ack into a message event.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.2
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const OPCODE_CONTINUATION = 0x0;
const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
const FIN = 0x80;
const MASKED = 0x80;
// RFC 6455 §1.3: the server proves it read the handshake by hashing the key with this GUID.
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Header of a masked client frame with FIN set and a zero masking key. RFC 6455 §5.3 requires a
 * client to mask every frame and lets it pick any 32-bit key; it asks for an unpredictable one to
 * protect intermediaries that might misread payload bytes as HTTP, a risk the bench's loopback
 * connection to its own server does not have. With key 0, masking (payload XOR key) leaves the
 * payload as it is, so one buffer prepared in advance is a valid masked frame, sent as often as needed.
 */
export function maskedFrameHeader(opcode: number, payloadBytes: number): Buffer {
  const extended = payloadBytes < 126 ? 0 : payloadBytes < 0x10000 ? 2 : 8;
  const header = Buffer.alloc(2 + extended + 4); // the last 4 bytes: the masking key, zero
  header[0] = FIN | opcode;
  if (extended === 0) header[1] = MASKED | payloadBytes;
  else if (extended === 2) {
    header[1] = MASKED | 126;
    header.writeUInt16BE(payloadBytes, 2);
  } else {
    header[1] = MASKED | 127;
    header.writeBigUInt64BE(BigInt(payloadBytes), 2);
  }
  return header;
}

/** Bytes of one binary frame of `payloadBytes` as `maskedBinaryFrames` lays it out. */
export function maskedFrameBytes(payloadBytes: number): number {
  return maskedFrameHeader(0x2, payloadBytes).length + payloadBytes;
}

/** `pcm` cut into `frameBytes` payloads, each a whole masked binary frame, back to back. */
export function maskedBinaryFrames(pcm: Uint8Array, frameBytes: number): Buffer {
  const header = maskedFrameHeader(0x2, frameBytes);
  const count = Math.floor(pcm.length / frameBytes);
  const framed = Buffer.alloc(count * (header.length + frameBytes));
  for (let i = 0; i < count; i++) {
    const at = i * (header.length + frameBytes);
    header.copy(framed, at);
    framed.set(pcm.subarray(i * frameBytes, (i + 1) * frameBytes), at + header.length);
  }
  return framed;
}

/** A masked close frame carrying `code`. */
export function maskedCloseFrame(code: number): Buffer {
  const frame = Buffer.concat([maskedFrameHeader(OPCODE_CLOSE, 2), Buffer.alloc(2)]);
  frame.writeUInt16BE(code, frame.length - 2);
  return frame;
}

/** What the client does with the server's frames. */
export interface ServerFrameHandlers {
  /** A whole text message arrived (an ack); its bytes are not looked at. */
  onText: () => void;
  /** The server closed with this code (1005 when it gave none). */
  onClose: (code: number) => void;
  /** A ping: the caller answers with a pong carrying the same payload. */
  onPing: (payload: Buffer) => void;
}

/**
 * An incremental reader of server-to-client frames (never masked, §5.1) that counts text
 * messages from the headers alone and keeps only control-frame payloads. Frames may be split
 * anywhere across chunks. Throws on a masked frame, which a conforming server never sends.
 */
export function createServerFrameScanner(handlers: ServerFrameHandlers): (chunk: Buffer, length?: number) => void {
  const header = Buffer.alloc(10);
  let headerHave = 0;
  let inPayload = false;
  let fin = false;
  let opcode = 0;
  let remaining = 0;
  let messageIsText = false;
  let control: Buffer | null = null;
  let controlHave = 0;

  const complete = (): void => {
    inPayload = false;
    if (opcode === OPCODE_TEXT || opcode === OPCODE_CONTINUATION) {
      if (opcode === OPCODE_TEXT) messageIsText = true;
      if (fin && messageIsText) handlers.onText();
      if (fin) messageIsText = false;
    } else if (opcode === OPCODE_CLOSE) handlers.onClose(control!.length >= 2 ? control!.readUInt16BE(0) : 1005);
    else if (opcode === OPCODE_PING) handlers.onPing(control!);
  };

  return (chunk, length = chunk.length) => {
    let at = 0;
    while (at < length) {
      if (!inPayload) {
        header[headerHave++] = chunk[at++]!;
        if (headerHave < 2) continue;
        if (header[1]! & MASKED) throw new Error('the server sent a masked frame');
        const length7 = header[1]! & 0x7f;
        const need = 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0);
        if (headerHave < need) continue;
        fin = (header[0]! & FIN) !== 0;
        opcode = header[0]! & 0x0f;
        remaining = length7 === 126 ? header.readUInt16BE(2) : length7 === 127 ? Number(header.readBigUInt64BE(2)) : length7;
        headerHave = 0;
        inPayload = true;
        control = opcode >= OPCODE_CLOSE ? Buffer.alloc(remaining) : null;
        controlHave = 0;
        if (remaining === 0) {
          complete();
          continue;
        }
      }
      const take = Math.min(remaining, length - at);
      if (control) chunk.copy(control, controlHave, at, at + take);
      controlHave += take;
      at += take;
      remaining -= take;
      if (remaining === 0) complete();
    }
  };
}

/** Bytes read from a socket: `chunk` is only valid, and only holds them, up to `length`, during the call. */
export type ReadHandler = (chunk: Buffer, length: number) => void;

/**
 * One read buffer for every socket of the process (net's `onread`): a read's callback runs to
 * completion before the next read, so nothing is allocated per read and no stream events are made.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * A TCP connection whose reads go to `onRead` straight from the shared buffer, and whose first
 * bytes, up to the blank line ending the HTTP answer's head, go to `onHead` instead (with the
 * rest of that read passed on). `onHead` returns an error message to refuse the answer.
 */
export function connectReading(host: string, port: number, request: string, onHead: (head: string) => string | null, onRead: ReadHandler): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let head: Buffer | null = Buffer.alloc(0);
    const socket = connect({
      host,
      port,
      onread: {
        buffer: READ_BUFFER,
        // Returning false would stop reading the socket; it always reads on.
        callback: (length, buffer) => {
          if (head === null) {
            onRead(buffer as Buffer, length);
            return true;
          }
          head = Buffer.concat([head, (buffer as Buffer).subarray(0, length)]);
          const end = head.indexOf('\r\n\r\n');
          if (end < 0) return true;
          const problem = onHead(head.subarray(0, end).toString('latin1'));
          const rest = head.subarray(end + 4);
          head = null;
          if (problem) {
            socket.destroy();
            reject(new Error(problem));
            return true;
          }
          socket.off('error', reject);
          resolve(socket);
          if (rest.length > 0) onRead(rest, rest.length);
          return true;
        },
      },
    });
    socket.setNoDelay(true);
    socket.once('error', reject);
    socket.write(request);
  });
}

/**
 * Open a WebSocket to `ws://host:port/path` (RFC 6455 §4.1): the upgrade request, then the 101
 * answer checked, Sec-WebSocket-Accept included; rejects with the status line otherwise. The
 * server's frames go to `onRead` (a `createServerFrameScanner`).
 */
export function openRawWebSocket(host: string, port: number, path: string, onRead: ReadHandler): Promise<Socket> {
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
  const checkAnswer = (head: string): string | null => {
    const statusLine = head.slice(0, head.indexOf('\r\n'));
    const accepted = /^HTTP\/1\.1 101 /.test(statusLine) && head.toLowerCase().includes(`\r\nsec-websocket-accept: ${accept.toLowerCase()}`);
    return accepted ? null : `audio socket answered ${statusLine}`;
  };
  const request =
    `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`;
  return connectReading(host, port, request, checkAnswer, onRead);
}

/** A pong answering `ping` (§5.5.3): same payload, masked with the zero key like every client frame. */
export function maskedPongFrame(ping: Buffer): Buffer {
  return Buffer.concat([maskedFrameHeader(OPCODE_PONG, ping.length), ping]);
}
