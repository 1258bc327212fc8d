import { Router } from 'express';
import { HttpError } from '../lib/http-error.js';

/**
 * What a request to keep or read kept conversations gets when better-sqlite3 did not load: a 503
 * without Retry-After, since waiting will not help until the server is reinstalled with it.
 */
export function keepingUnavailableError(): HttpError {
  return new HttpError(503, 'keeping_unavailable', 'This Linnet server cannot keep conversations: its SQLite driver (better-sqlite3) is not installed');
}

/** `/sessions*`, `/corrections*` and `POST /session/resume` on a server without storage. */
export const keepingUnavailable = Router();
for (const path of ['/sessions', '/sessions/*rest', '/corrections', '/corrections/*rest', '/session/resume']) {
  keepingUnavailable.all(path, () => {
    throw keepingUnavailableError();
  });
}
