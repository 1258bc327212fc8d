import {
  ExportQuerySchema,
  HistoryQuerySchema,
  StartSessionRequestSchema,
  type CaptionsState,
  type EndSessionResponse,
  type HistoryResponse,
  type SessionCaptionsResponse,
  type SessionExport,
  type SessionResponse,
} from '@linnet/shared';
import express, { Router, type Request } from 'express';
import { HttpError } from '../lib/http-error.js';
import { parseOr400 } from '../lib/parse-or-400.js';
import { normaliseAddress } from '../limits/client-address.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { transcriptMarkdown, transcriptVtt } from './export-formats.js';
import { deviceOf, optionalDeviceOf } from '../lib/device.js';
import { keepingUnavailableError } from '../storage/keeping-unavailable.js';
import { requireSession } from './require-session.js';
import { ClientSessionLimitError, SessionLimitError, SessionStoreClosedError, type Session, type SessionStore } from './session-store.js';

/** How a route starts a session: the store's `create`, or (STORE=redis) the shared store's, which may wait on Redis. */
export type StartSession = (params: Parameters<SessionStore['create']>[0]) => Session | Promise<Session>;

export interface SessionsRouterOptions {
  store: SessionStore;
  /** Starts sessions instead of `store.create` (STORE=redis: counted across the cluster). */
  startSession?: StartSession;
  /** Seconds a client is told to wait when MAX_SESSIONS are running. */
  retryAfterS: number;
  /** The address a request counts against (MAX_SESSIONS_PER_CLIENT). @default the socket's peer */
  clientOf?: (req: Request) => string;
  /** A session's captions now; without it responses carry no `captions` (a server run without them). */
  captionsState?: (session: Session) => CaptionsState;
  /** The server cannot keep conversations (no SQLite driver): `keep: true` is refused. @default false */
  keepingUnavailable?: boolean;
  logger?: Logger;
}

// Only JSON content types are parsed. A body without one is refused (415) rather than guessed at:
// it is what a cross-site form or `fetch(..., {mode: 'no-cors'})` sends without a preflight.
export const parseJsonBody = express.json({ limit: '16kb', type: (req) => /^application\/([\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '') });

function startRequestBody(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const hasBytes = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBytes) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the session options as application/json, or no body at all');
  }
  return {};
}

/**
 * The answer describing a session: `keep` and `resumed_from` only when they apply, `captions` when the
 * server runs them.
 */
export function sessionResponse(session: Session, captions?: CaptionsState): SessionResponse {
  const body: SessionResponse = { session_id: session.id, state: session.state, elcor: session.elcor };
  if (session.keep) body.keep = true;
  if (session.resumedFrom) body.resumed_from = session.resumedFrom;
  if (captions) body.captions = captions;
  return body;
}

/** `/session` routes other than the event stream: start, get, end, history, export. */
export function createSessionsRouter({
  store,
  startSession,
  retryAfterS,
  clientOf = (req) => normaliseAddress(req.socket.remoteAddress),
  captionsState,
  keepingUnavailable = false,
  logger = silentLogger,
}: SessionsRouterOptions): Router {
  const router = Router();

  const describe = (session: Session) => sessionResponse(session, captionsState?.(session));

  router.post('/start', parseJsonBody, async (req, res) => {
    const options = parseOr400(StartSessionRequestSchema, startRequestBody(req), 'invalid_request', 'session options');
    if (options.keep && keepingUnavailable) throw keepingUnavailableError();
    // A kept conversation belongs to the device that asked to keep it; a session nobody keeps needs
    // no device key, so clients that never keep anything start exactly as before.
    const device = options.keep ? deviceOf(req) : optionalDeviceOf(req);
    const session = await createSessionOrRefuse(startSession ?? store, { elcor: options.elcor, windowMs: options.window_ms, transcribe: options.transcribe, keep: options.keep, device, client: clientOf(req) }, retryAfterS);
    logger.info('session_started', { session_id: session.id, elcor: session.elcor, window_ms: session.windowMs });
    res.json(describe(session));
  });

  router.get('/:id', (req, res) => {
    res.json(describe(requireSession(store, req.params.id)));
  });

  router.delete('/:id/end', (req, res) => {
    const session = requireSession(store, req.params.id);
    store.end(session.id, 'ended');
    logger.info('session_ended', { session_id: session.id, reason: 'ended' });
    const body: EndSessionResponse = { session_id: session.id, state: 'stopped' };
    if (session.keepOutcome) body.keep = session.keepOutcome;
    res.json(body);
  });

  router.get('/:id/history', (req, res) => {
    const session = requireSession(store, req.params.id);
    const query = parseOr400(HistoryQuerySchema, req.query, 'invalid_query', 'history query');
    const events = session.channel.history.query(query);
    const body: HistoryResponse = { session_id: session.id, count: events.length, events };
    res.json(body);
  });

  router.get('/:id/captions', (req, res) => {
    const session = requireSession(store, req.params.id);
    const captions = session.channel.captions.all();
    const body: SessionCaptionsResponse = { session_id: session.id, count: captions.length, captions };
    if (captionsState) body.state = captionsState(session);
    res.json(body);
  });

  router.get('/:id/export', (req, res) => {
    const session = requireSession(store, req.params.id);
    const { format } = parseOr400(ExportQuerySchema, req.query, 'invalid_query', 'export query');
    // Written by hand: the contract quotes the filename, which Express omits for token-safe names
    // (the id is base64url, so nothing in it needs escaping).
    res.set('Content-Disposition', `attachment; filename="linnet-session-${session.id}.${format}"`);
    if (format !== 'json') {
      const source = { startedAt: session.startedAt, captions: session.channel.captions.all(), tones: session.channel.history.all() };
      const [type, text] = format === 'md' ? ['text/markdown', transcriptMarkdown(source)] : ['text/vtt', transcriptVtt(source)];
      res.set('Content-Type', `${type}; charset=utf-8`).send(text);
      return;
    }
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
    res.json(body);
  });

  return router;
}

/**
 * `store.create` (or a `StartSession`), with its refusals turned into answers: 503 once shutdown
 * has begun or at capacity, 429 when the client's address holds its share. Used by every route
 * that starts a session; a store answers at once, a `StartSession` may answer later.
 */
export function createSessionOrRefuse(store: SessionStore, params: Parameters<SessionStore['create']>[0], retryAfterS: number): Session;
export function createSessionOrRefuse(start: SessionStore | StartSession, params: Parameters<SessionStore['create']>[0], retryAfterS: number): Session | Promise<Session>;
export function createSessionOrRefuse(start: SessionStore | StartSession, params: Parameters<SessionStore['create']>[0], retryAfterS: number): Session | Promise<Session> {
  const refuse = (error: unknown) => refusal(error, retryAfterS);
  try {
    const session = typeof start === 'function' ? start(params) : start.create(params);
    return session instanceof Promise ? session.catch(refuse) : session;
  } catch (error) {
    return refuse(error);
  }
}

function refusal(error: unknown, retryAfterS: number): never {
  if (error instanceof SessionStoreClosedError) {
    throw new HttpError(503, 'shutting_down', 'Linnet is shutting down; start a new session once it is back');
  }
  if (error instanceof ClientSessionLimitError) {
    // Its own sessions end when it ends them or when they go idle; the TTL/2 hint fits both.
    throw new HttpError(429, 'client_session_limit', `${error.message}; end one, or try again later`, { 'Retry-After': String(retryAfterS) });
  }
  if (!(error instanceof SessionLimitError)) throw error;
  throw new HttpError(503, 'too_many_sessions', `${error.message}; try again later`, { 'Retry-After': String(retryAfterS) });
}
