import { DEVICE_KEY_HEADER, ErrorResponseSchema, type ErrorCode } from '@linnet/shared';
import type { z } from 'zod/mini';
import { appDeviceKey } from './device-key';

// Kept apart from session-api.ts (which words failures with the app's text): the lazy chunks that share this module
// then share no app text with the first-load bundle, so the bundler has no reason to split that bundle in two.

/** The API answered, but not with success; `code` is the contract's machine-readable code when it sent one. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode | undefined,
    detail: string,
  ) {
    super(detail);
  }
}

/** The API could not be reached at all (offline, server down, DNS). */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

export interface SessionApiOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Prefix for every path; empty means same origin. @default '' */
  baseUrl?: string;
  /**
   * This device's key, sent as `X-Linnet-Device` on every request: what the device keeps (conversations,
   * corrections) is readable with it alone. @default the key remembered in localStorage
   */
  deviceKey?: () => string;
}

/** A JSON request against the API whose answer is parsed with `schema`; failures are ApiError or NetworkError. */
export function createJsonRequest({ fetch: fetchImpl = (...args) => globalThis.fetch(...args), baseUrl = '', deviceKey = appDeviceKey }: SessionApiOptions = {}) {
  return async function request<T>(schema: z.ZodMiniType<T>, method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/json', [DEVICE_KEY_HEADER]: deviceKey() };
      if (body !== undefined) headers['content-type'] = 'application/json';
      response = await fetchImpl(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new NetworkError('network request failed', { cause });
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = ErrorResponseSchema.safeParse(payload);
      throw new ApiError(response.status, error.success ? error.data.code : undefined, error.success ? error.data.detail : `HTTP ${response.status}`);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new ApiError(response.status, undefined, 'the server sent an answer Linnet does not understand');
    return parsed.data;
  };
}
