import {
  EndSessionResponseSchema,
  HistoryResponseSchema,
  SessionCaptionsResponseSchema,
  SessionResponseSchema,
  type EndSessionResponse,
  type HistoryResponse,
  type SessionCaptionsResponse,
  type SessionResponse,
} from '@linnet/shared';
import { ApiError, createJsonRequest, NetworkError, type SessionApiOptions } from './api-request';
import { API_TEXT } from './text-session';

export { ApiError, NetworkError, type SessionApiOptions };

/** Typed client for the session endpoints; every answer is parsed with the shared zod schemas. */
export function createSessionApi(options: SessionApiOptions = {}) {
  const request = createJsonRequest(options);
  const sessionPath = (id: string) => `/session/${encodeURIComponent(id)}`;

  return {
    /** `POST /session/start`. */
    start: (elcor: boolean, windowMs = 1000, keep = false): Promise<SessionResponse> =>
      // `keep` is sent only when on, so a session nobody asked to keep looks exactly as it did before keeping existed.
      request(SessionResponseSchema, 'POST', '/session/start', keep ? { elcor, window_ms: windowMs, keep } : { elcor, window_ms: windowMs }),
    /** `POST /session/resume`: a new live session continuing kept conversation `from`. */
    resume: (from: string): Promise<SessionResponse> => request(SessionResponseSchema, 'POST', '/session/resume', { from }),
    /** `GET /session/:id`; resolves null when the session no longer exists (404). */
    get: (id: string): Promise<SessionResponse | null> => orNullOn404(request(SessionResponseSchema, 'GET', sessionPath(id))),
    /** `DELETE /session/:id/end`; resolves null when it had already ended (404). */
    end: (id: string): Promise<EndSessionResponse | null> =>
      orNullOn404(request(EndSessionResponseSchema, 'DELETE', `${sessionPath(id)}/end`)),
    /** `GET /session/:id/history`: the most recent tone events, oldest first. */
    history: (id: string, limit = 20): Promise<HistoryResponse> =>
      request(HistoryResponseSchema, 'GET', `${sessionPath(id)}/history?limit=${limit}`),
    /** `GET /session/:id/captions`: the captions the session retains, oldest first, and their state. */
    captions: (id: string): Promise<SessionCaptionsResponse> => request(SessionCaptionsResponseSchema, 'GET', `${sessionPath(id)}/captions`),
  };
}
export type SessionApi = ReturnType<typeof createSessionApi>;

async function orNullOn404<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** A sentence a person can act on, for any failure the session API can raise. */
export function plainApiMessage(error: unknown): string {
  if (error instanceof NetworkError) return API_TEXT.offline;
  if (error instanceof ApiError) {
    if (error.code === 'too_many_sessions') return API_TEXT.busy;
    if (error.code === 'client_session_limit') return API_TEXT.clientSessionLimit;
    // Checked before the 5xx catch-all: it is a 503, but retrying will not help; turning keep off will.
    if (error.code === 'keeping_unavailable') return API_TEXT.keepingUnavailable;
    if (error.status >= 500) return API_TEXT.serverProblem;
    return API_TEXT.refused(error.message);
  }
  return API_TEXT.unknown;
}
