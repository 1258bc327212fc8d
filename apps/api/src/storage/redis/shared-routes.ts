import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from '../../lib/http-error.js';
import { SharedStoreUnavailableError, sessionIdInPath, type SharedSessions } from './shared-sessions.js';

/** The 503 every request that needs Redis answers while it cannot be reached. */
export function storeUnavailable(): HttpError {
  return new HttpError(503, 'store_unavailable', 'The shared session store is unavailable; try again in a few seconds', { 'Retry-After': '2' });
}

/**
 * Before the session routes: a request naming a session makes sure this instance serves it and
 * holds every event Redis has for it, so the routes (written for one process) find it here, and a
 * Last-Event-ID another instance sent is not ahead of this one.
 */
export function loadSharedSession(shared: Pick<SharedSessions, 'ensureLocal' | 'end'>): RequestHandler {
  return async (req, _res, next) => {
    const id = sessionIdInPath(req.path);
    if (!id) return next();
    const session = await shared.ensureLocal(id);
    // `DELETE /session/:id/end` ends it in Redis first, so a Redis that is away answers 503 and the
    // session stays running everywhere, rather than ending here only and coming back on the next
    // request. The route then ends it here as with one process, before the end marker is read.
    if (session && req.method === 'DELETE' && /^\/session\/[^/]+\/end\/?$/.test(req.path)) await shared.end(id, 'ended');
    next();
  };
}

/** Turns the shared store's outage into 503 `store_unavailable`, before the JSON error handler words it. */
export const sharedStoreErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  next(error instanceof SharedStoreUnavailableError ? storeUnavailable() : error);
};
