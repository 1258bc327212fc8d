import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WhisperApi } from '../whisper-client.js';

/**
 * A stand-in whisper server for tests: a real HTTP server on 127.0.0.1 that checks each request the
 * way whisper.cpp's `whisper-server` (`POST /inference`) or an OpenAI-compatible server
 * (`POST /v1/audio/transcriptions`) does, refuses the malformed ones as they do, and answers the
 * valid ones with canned transcripts in order. It never writes what it receives anywhere.
 *
 * Refusals, as the protocols document them:
 * - whisper.cpp (examples/server/server.cpp, ggml-org/whisper.cpp at 233fe1f): 400 `{"error": "no
 *   'file' field in the request"}` (also for a body that is not multipart) and 400 `{"error":
 *   "failed to read audio data"}`; an unknown path is a 404 `File Not Found (<path>)` in plain text.
 *   whisper.cpp decodes many audio formats; the stand-in accepts only what Linnet must send, a
 *   16 kHz mono 16-bit PCM WAV, and refuses anything else the way whisper.cpp refuses bad audio.
 * - OpenAI: 400 `{"error": {"message", "type": "invalid_request_error", "param", "code": null}}` for
 *   a body that is not multipart, a missing `file` or `model`, an unreadable file or an unknown
 *   `response_format`; an unknown path is a 404 with the same error shape.
 */

/** What the stand-in does with the next valid request. */
export type StandInAnswer =
  | { text: string }
  /** Any status and raw body, e.g. a 500 or malformed JSON. */
  | { status: number; body: string }
  /** Hold the request open and never answer. */
  | { hang: true }
  /** Stream an endless body that never ends. */
  | { flood: true };

/** A valid request as the stand-in understood it (the audio is summarised, not kept). */
interface StandInRequest {
  path: string;
  fields: Record<string, string>;
  fileName: string;
  sampleRate: number;
  samples: number;
}

/** A refused request: its status and the body sent back. */
interface StandInRefusal {
  path: string;
  status: number;
  body: unknown;
}

export interface WhisperStandIn {
  url: string;
  requests: StandInRequest[];
  refusals: StandInRefusal[];
  close(): Promise<void>;
}

const PATHS: Record<WhisperApi, string> = { whispercpp: '/inference', openai: '/v1/audio/transcriptions' };
const OPENAI_RESPONSE_FORMATS = new Set(['json', 'text', 'srt', 'verbose_json', 'vtt']);

/** Sample rate and sample count of a RIFF/WAVE 16-bit PCM mono file, or null for anything else. */
function readPcmWav(bytes: Uint8Array): { sampleRate: number; samples: number } | null {
  if (bytes.length < 44) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE' || tag(12) !== 'fmt ') return null;
  const format = view.getUint16(20, true);
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const bits = view.getUint16(34, true);
  // whisper decodes 16 kHz mono; Linnet sends exactly that, as 16-bit PCM.
  if (format !== 1 || channels !== 1 || bits !== 16 || sampleRate !== 16_000) return null;
  if (tag(36) !== 'data') return null;
  const dataBytes = view.getUint32(40, true);
  if (dataBytes % 2 !== 0 || 44 + dataBytes !== bytes.length) return null;
  return { sampleRate, samples: dataBytes / 2 };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The multipart form, parsed by the platform's own parser (undici), or null if it is not one. */
async function parseForm(req: IncomingMessage, body: Buffer): Promise<FormData | null> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) return null;
  try {
    return await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
  } catch {
    return null;
  }
}

function openAiError(message: string, param: string | null) {
  return { error: { message, type: 'invalid_request_error', param, code: null } };
}

/** Start a stand-in for `api` that answers valid requests with `answers` in order (the last repeats). */
export async function startWhisperStandIn(api: WhisperApi, answers: StandInAnswer[]): Promise<WhisperStandIn> {
  const requests: StandInRequest[] = [];
  const refusals: StandInRefusal[] = [];
  const held = new Set<ServerResponse>();

  function refuse(res: ServerResponse, path: string, status: number, body: unknown): void {
    refusals.push({ path, status, body });
    if (typeof body === 'string') res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  function answer(res: ServerResponse, reply: StandInAnswer): void {
    if ('hang' in reply) {
      held.add(res);
      return;
    }
    if ('flood' in reply) {
      held.add(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"text":"');
      const line = 'la '.repeat(4096);
      const pump = () => {
        while (!res.destroyed && res.write(line));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      return;
    }
    // whisper.cpp joins its segments, each starting with a space, and ends with a newline.
    const text = api === 'whispercpp' ? ` ${reply.text}\n` : reply.text;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '';
    const body = await readBody(req);
    if (req.method !== 'POST' || path !== PATHS[api]) {
      return refuse(res, path, 404, api === 'openai' ? openAiError(`Invalid URL (${req.method} ${path})`, null) : `File Not Found (${path})`);
    }
    const form = await parseForm(req, body);
    const file = form?.get('file');
    if (!form || !(file instanceof Blob)) {
      if (api === 'whispercpp') return refuse(res, path, 400, { error: "no 'file' field in the request" });
      return refuse(res, path, 400, openAiError(form ? 'No file provided' : 'Expected multipart/form-data', form ? 'file' : null));
    }
    const fields: Record<string, string> = {};
    for (const [name, value] of form) if (typeof value === 'string') fields[name] = value;
    if (api === 'openai') {
      if (!fields.model) return refuse(res, path, 400, openAiError('you must provide a model parameter', 'model'));
      const format = fields.response_format ?? 'json';
      if (!OPENAI_RESPONSE_FORMATS.has(format)) return refuse(res, path, 400, openAiError(`Invalid response_format: ${format}`, 'response_format'));
    }
    if (fields.temperature !== undefined && !Number.isFinite(Number(fields.temperature))) {
      return refuse(res, path, 400, api === 'openai' ? openAiError('Invalid temperature', 'temperature') : { error: 'invalid temperature' });
    }
    const wav = readPcmWav(new Uint8Array(await file.arrayBuffer()));
    if (!wav) {
      if (api === 'whispercpp') return refuse(res, path, 400, { error: 'failed to read audio data' });
      return refuse(res, path, 400, openAiError('Invalid file format.', 'file'));
    }
    requests.push({ path, fields, fileName: file instanceof File ? file.name : '', ...wav });
    answer(res, answers[requests.length - 1] ?? answers.at(-1)!);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refusals,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
