import {
  HistoryQuerySchema,
  SessionIdSchema,
  StartSessionRequestSchema,
  type EndSessionResponse,
  type HistoryResponse,
  type SessionExport,
  type SessionResponse,
} from '@linnet/shared';
import express, { Router, type Request } from 'express';
import { describeZodError, HttpError } from '../lib/http-error.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { SessionLimitError, type Session, type SessionStore } from './session-store.js';

export interface SessionsRouterOptions {
  store: SessionStore;
  /** Seconds a client is told to wait when MAX_SESSIONS are running. */
  retryAfterS: number;
  logger?: Logger;
}

/** Resolve a path id to a running session: 400 when malformed, 404 when unknown or ended. */
export function requireSession(store: SessionStore, rawId: string | string[] | undefined): Session {
  const parsed = SessionIdSchema.safeParse(rawId);
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_session_id', `Invalid session id: ${describeZodError(parsed.error)}`);
  }
  const session = store.get(parsed.data);
  if (!session) throw new HttpError(404, 'session_not_found', `Session ${parsed.data} not found`);
  return session;
}

// JSON bodies, and bodies sent with no content type at all (some clients omit it), are parsed as JSON.
const parseJsonBody = express.json({
  limit: '16kb',
  type: (req) => {
    const type = req.headers['content-type'];
    return !type || /^application\/([\w.+-]+\+)?json\b/i.test(type);
  },
});

function startRequestBody(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const hasBytes = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBytes) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the session options as application/json, or no body at all');
  }
  return {};
}

function sessionResponse(session: Session): SessionResponse {
  return { session_id: session.id, state: session.state, elcor: session.elcor };
}

/** `/session` routes other than the event stream: start, get, end, history, export. */
export function createSessionsRouter({ store, retryAfterS, logger = silentLogger }: SessionsRouterOptions): Router {
  const router = Router();

  router.post('/start', parseJsonBody, (req, res) => {
    const parsed = StartSessionRequestSchema.safeParse(startRequestBody(req));
    if (!parsed.success) {
      throw new HttpError(400, 'invalid_request', `Invalid session options: ${describeZodError(parsed.error)}`);
    }
    let session: Session;
    try {
      session = store.create({ elcor: parsed.data.elcor, windowMs: parsed.data.window_ms });
    } catch (error) {
      if (!(error instanceof SessionLimitError)) throw error;
      throw new HttpError(503, 'too_many_sessions', `${error.message}; try again later`, {
        'Retry-After': String(retryAfterS),
      });
    }
    logger.info('session_started', { session_id: session.id, elcor: session.elcor, window_ms: session.windowMs });
    res.json(sessionResponse(session));
  });

  router.get('/:id', (req, res) => {
    res.json(sessionResponse(requireSession(store, req.params.id)));
  });

  router.delete('/:id/end', (req, res) => {
    const session = requireSession(store, req.params.id);
    store.end(session.id, 'ended');
    logger.info('session_ended', { session_id: session.id, reason: 'ended' });
    const body: EndSessionResponse = { session_id: session.id, state: 'stopped' };
    res.json(body);
  });

  router.get('/:id/history', (req, res) => {
    const session = requireSession(store, req.params.id);
    const query = HistoryQuerySchema.safeParse(req.query);
    if (!query.success) {
      throw new HttpError(400, 'invalid_query', `Invalid history query: ${describeZodError(query.error)}`);
    }
    const events = session.channel.history.query(query.data);
    const body: HistoryResponse = { session_id: session.id, count: events.length, events };
    res.json(body);
  });

  router.get('/:id/export', (req, res) => {
    const session = requireSession(store, req.params.id);
    const events = session.channel.history.all();
    const body: SessionExport = {
      session_id: session.id,
      state: session.state,
      elcor: session.elcor,
      window_ms: session.windowMs,
      started_at: session.startedAt,
      exported_at: new Date().toISOString(),
      count: events.length,
      events,
    };
    // Written by hand: the contract quotes the filename, which Express omits for token-safe names
    // (the id is base64url, so nothing in it needs escaping).
    res.set('Content-Disposition', `attachment; filename="linnet-session-${session.id}.json"`).json(body);
  });

  return router;
}
