import { HttpError } from '../lib/http-error.js';

/**
 * Run one storage read or write for a request: a SQLite failure (locked, full, corrupt) becomes
 * `503 storage_unavailable` instead of a 500, and live sessions are unaffected.
 */
export function withStorage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    // better-sqlite3's SqliteError, recognised by name: the driver is loaded on demand (sqlite-driver.ts).
    if (error instanceof Error && error.name === 'SqliteError') {
      throw new HttpError(503, 'storage_unavailable', 'Kept conversations cannot be reached right now; try again later', { 'Retry-After': '5' });
    }
    throw error;
  }
}
