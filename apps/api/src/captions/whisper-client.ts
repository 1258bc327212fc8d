import { z } from 'zod';
import { readBoundedText } from '../lib/read-bounded-text.js';

/** Which HTTP protocol the whisper server speaks (WHISPER_API). */
export type WhisperApi = 'whispercpp' | 'openai';
export const WHISPER_APIS = ['whispercpp', 'openai'] as const satisfies readonly WhisperApi[];

/** Why a transcription call produced no words. */
export type WhisperFailureKind = 'timeout' | 'http_status' | 'network' | 'malformed' | 'rejected';
export const WHISPER_FAILURE_KINDS = ['timeout', 'http_status', 'network', 'malformed', 'rejected'] as const satisfies readonly WhisperFailureKind[];

/** A transcription call that failed, with what an operator needs (never the audio or the words). */
export class WhisperError extends Error {
  constructor(
    readonly kind: WhisperFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WhisperError';
  }
}

export interface WhisperClientOptions {
  /** WHISPER_URL: the server's base URL; the API's path is appended. */
  url: string;
  /** WHISPER_API. */
  api: WhisperApi;
  /** WHISPER_MODEL, sent as `model` to an OpenAI-compatible server. */
  model: string;
  /** Whole-call budget, answer body included (WHISPER_TIMEOUT_MS). */
  timeoutMs: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Path each protocol transcribes at. */
const WHISPER_PATHS: Record<WhisperApi, string> = {
  whispercpp: '/inference',
  openai: '/v1/audio/transcriptions',
};

// Eight seconds of speech is a few dozen words; an answer this large is not a transcript.
const MAX_ANSWER_BYTES = 64 * 1024;

// Both protocols answer `{"text": "..."}` for response_format=json. whisper.cpp's server refuses a
// bad request (no `file`, unreadable audio) with `{"error": "..."}`: with a 400 today, with a 200
// in older builds, so an error body is a failure whatever the status.
const TranscriptionAnswerSchema = z.union([
  z.object({ text: z.string() }),
  z.object({ error: z.union([z.string(), z.object({ message: z.string().optional() })]) }),
]);

function requestForm(api: WhisperApi, model: string, wav: Uint8Array): FormData {
  const form = new FormData();
  // The WAV stays in memory: FormData streams the Blob straight into the request body.
  form.append('file', new Blob([wav], { type: 'audio/wav' }), 'utterance.wav');
  form.append('response_format', 'json');
  if (api === 'openai') {
    form.append('model', model);
  } else {
    // Greedy decoding: captions want the most likely words now, not a sampled alternative.
    form.append('temperature', '0.0');
  }
  return form;
}

/** Build the transcription call for one server, validating its answer with a zod schema. */
export function createWhisperClient({ url, api, model, timeoutMs, fetch: doFetch = globalThis.fetch }: WhisperClientOptions) {
  const endpoint = `${url.replace(/\/+$/, '')}${WHISPER_PATHS[api]}`;

  return {
    /**
     * Transcribe one utterance (a 16-bit PCM WAV); resolves with the text or rejects with a
     * WhisperError. `signal` aborts the call early (the session closed).
     */
    async transcribe(wav: Uint8Array, signal?: AbortSignal): Promise<string> {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const onAbort = () => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      let text: string | null;
      let status: number;
      try {
        const response = await doFetch(endpoint, {
          method: 'POST',
          headers: { accept: 'application/json' },
          body: requestForm(api, model, wav),
          signal: controller.signal,
        });
        status = response.status;
        text = await readBoundedText(response, MAX_ANSWER_BYTES);
      } catch (error) {
        if (controller.signal.aborted && !signal?.aborted) throw new WhisperError('timeout', `no answer within ${timeoutMs} ms`);
        throw new WhisperError('network', `request failed: ${(error as Error).name}`);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (status < 200 || status > 299) throw new WhisperError('http_status', `answered ${status}`, status);
      if (text === null) throw new WhisperError('malformed', 'answer too large');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new WhisperError('malformed', 'answer is not JSON');
      }
      const parsed = TranscriptionAnswerSchema.safeParse(json);
      if (!parsed.success) throw new WhisperError('malformed', 'answer has neither text nor error');
      // The server's error message may echo request details; only the fact is kept.
      if ('error' in parsed.data) throw new WhisperError('rejected', 'server refused the request', status);
      return parsed.data.text;
    },
  };
}

export type WhisperClient = ReturnType<typeof createWhisperClient>;
