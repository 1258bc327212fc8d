import { SessionIdSchema } from '@linnet/shared';
import { HttpError } from '../lib/http-error.js';
import { parseOr400 } from '../lib/parse-or-400.js';
import type { Session, SessionStore } from './session-store.js';

/** Resolve a path id to a running session: 400 when malformed, 404 when unknown or ended. */
export function requireSession(store: SessionStore, rawId: string | string[] | undefined): Session {
  const id = parseOr400(SessionIdSchema, rawId, 'invalid_session_id', 'session id');
  const session = store.get(id);
  if (!session) throw new HttpError(404, 'session_not_found', `Session ${id} not found`);
  return session;
}
