import { SessionIdSchema, type EndSessionResponse } from '@linnet/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from '../../lib/http-error.js';
import { SharedStoreUnavailableError, type SharedSessions } from './shared-sessions.js';

/** The 503 every request that needs Redis answers while it cannot be reached. */
export function storeUnavailable(): HttpError {
  return new HttpError(503, 'store_unavailable', 'The shared session store is unavailable; try again in a few seconds', { 'Retry-After': '2' });
}

/**
 * Before the session routes: a request naming a session makes sure this instance serves it and
 * holds every event Redis has for it, so the routes (written for one process) find it here, and a
 * Last-Event-ID another instance sent is not ahead of this one.
 */
export function loadSharedSession(shared: Pick<SharedSessions, 'ensureLocal' | 'end' | 'endHere'>): RequestHandler {
  return async (req, res, next) => {
    const id = sessionIdInPath(req.path);
    if (!id) return next();
    const session = await shared.ensureLocal(id);
    if (!session || req.method !== 'DELETE' || !END_PATH.test(req.path)) return next();
    // Ended in Redis first, so a Redis that is away answers 503 and the session runs on everywhere,
    // rather than ending here only and coming back on the next request. Answered here, not by the
    // route: the end marker may reach this instance's reader, and end the session here, first.
    if (!(await shared.end(id, 'ended'))) throw new HttpError(404, 'session_not_found', `Session ${id} not found`);
    shared.endHere(id, 'ended');
    const body: EndSessionResponse = { session_id: id, state: 'stopped' };
    if (session.keepOutcome) body.keep = session.keepOutcome;
    res.json(body);
  };
}

const END_PATH = /^\/session\/[^/]+\/end\/?$/;

/** Turns the shared store's outage into 503 `store_unavailable`, before the JSON error handler words it. */
export const sharedStoreErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  next(error instanceof SharedStoreUnavailableError ? storeUnavailable() : error);
};

/** The session id in a request path (`/session/<id>/...`), if it is one. */
export function sessionIdInPath(path: string): string | null {
  const match = /^\/session\/([^/?]+)/.exec(path);
  // `start` and `resume` are routes, not ids (ids are 22 characters).
  if (!match || match[1] === 'start' || match[1] === 'resume') return null;
  const parsed = SessionIdSchema.safeParse(match[1]);
  return parsed.success ? parsed.data : null;
}
