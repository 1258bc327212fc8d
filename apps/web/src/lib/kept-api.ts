import {
  CorrectionResponseSchema,
  DeleteKeptResponseSchema,
  KeptSessionSchema,
  KeptSessionsResponseSchema,
  LearningResponseSchema,
  type CorrectionRequest,
  type CorrectionResponse,
  type KeptSession,
  type KeptSessionsResponse,
  type LearningResponse,
} from '@linnet/shared';
import { createJsonRequest, type SessionApiOptions } from './api-request';

/** What one page of `GET /sessions` asks for; empty `q` means every conversation. */
export interface KeptListQuery {
  q?: string;
  before?: string | null;
  limit?: number;
}

/** Typed client for kept conversations and corrections; every answer is parsed with the shared schemas. */
export function createKeptApi(options: SessionApiOptions = {}) {
  const request = createJsonRequest(options);
  const keptPath = (id: string) => `/sessions/${encodeURIComponent(id)}`;

  return {
    /** `GET /sessions?q=&limit=&before=`: newest first. */
    list: ({ q, before, limit = 20 }: KeptListQuery = {}): Promise<KeptSessionsResponse> => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (q?.trim()) query.set('q', q.trim());
      if (before) query.set('before', before);
      return request(KeptSessionsResponseSchema, 'GET', `/sessions?${query}`);
    },
    /** `GET /sessions/:id`: the whole conversation. */
    get: (id: string): Promise<KeptSession> => request(KeptSessionSchema, 'GET', keptPath(id)),
    /** `DELETE /sessions/:id`. */
    remove: (id: string): Promise<number> => request(DeleteKeptResponseSchema, 'DELETE', keptPath(id)).then((r) => r.deleted),
    /** `DELETE /sessions`: every kept conversation. */
    removeAll: (): Promise<number> => request(DeleteKeptResponseSchema, 'DELETE', '/sessions').then((r) => r.deleted),
    /** `POST /corrections`. */
    correct: (correction: CorrectionRequest): Promise<CorrectionResponse> => request(CorrectionResponseSchema, 'POST', '/corrections', correction),
    /** `GET /learning`: what the labels learnt from this installation's corrections. */
    learning: (): Promise<LearningResponse> => request(LearningResponseSchema, 'GET', '/learning'),
    /** `DELETE /learning`: forget it (the corrections themselves stay). */
    resetLearning: (): Promise<LearningResponse> => request(LearningResponseSchema, 'DELETE', '/learning'),
  };
}
export type KeptApi = ReturnType<typeof createKeptApi>;
