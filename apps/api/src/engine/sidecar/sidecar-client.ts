import { SidecarClassifyResponseSchema, type SidecarClassifyRequest, type SidecarEvent } from '@linnet/shared';
import { readBoundedText } from '../../lib/read-bounded-text.js';

/** Why a classify call produced no events. */
export type SidecarFailureKind = 'timeout' | 'http_status' | 'network' | 'malformed';

/** A classify call that failed, with what an operator needs (never the audio). */
export class SidecarError extends Error {
  constructor(
    readonly kind: SidecarFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SidecarError';
  }
}

export interface SidecarClientOptions {
  /** CF_VOICE_URL; `/classify` is appended. */
  url: string;
  /** Whole-call budget, answer body included (SIDECAR_TIMEOUT_MS). */
  timeoutMs: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

// A classifier answers a handful of events per window; anything larger is not an answer.
const MAX_ANSWER_BYTES = 1 << 20;

/** Build the `POST {url}/classify` call, validating the answer with the shared zod schema. */
export function createSidecarClient({ url, timeoutMs, fetch: doFetch = globalThis.fetch }: SidecarClientOptions) {
  const endpoint = `${url.replace(/\/+$/, '')}/classify`;

  return {
    /** Send one window; resolves with the classifier's events or rejects with a SidecarError. */
    async classify(body: SidecarClassifyRequest): Promise<SidecarEvent[]> {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let text: string | null;
      let status: number;
      try {
        const response = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        status = response.status;
        text = await readBoundedText(response, MAX_ANSWER_BYTES);
      } catch (error) {
        if (controller.signal.aborted) throw new SidecarError('timeout', `no answer within ${timeoutMs} ms`);
        throw new SidecarError('network', `request failed: ${(error as Error).name}`);
      } finally {
        clearTimeout(timer);
      }
      if (status < 200 || status > 299) throw new SidecarError('http_status', `answered ${status}`, status);
      if (text === null) throw new SidecarError('malformed', 'answer too large');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new SidecarError('malformed', 'answer is not JSON');
      }
      const parsed = SidecarClassifyResponseSchema.safeParse(json);
      if (!parsed.success) {
        const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
        throw new SidecarError('malformed', `answer does not match the contract at ${where}`);
      }
      return parsed.data.events;
    },
  };
}

