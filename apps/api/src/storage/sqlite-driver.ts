import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/** The better-sqlite3 constructor: what storage opens LINNET_DB with. */
export type SqliteDriver = typeof BetterSqlite3;

/** Loads the SQLite driver; rejects when it cannot (tests inject one that does). */
export type SqliteLoader = () => Promise<SqliteDriver>;

/**
 * better-sqlite3 is an optional dependency: a machine without a C++ toolchain (and no prebuilt
 * binary for its platform) installs Linnet without it. It is imported only here, on demand, so such
 * a server still starts, with keeping turned off.
 */
export const loadBetterSqlite3: SqliteLoader = async () => {
  const driver = (await import('better-sqlite3')).default;
  // The JavaScript loads without its native binding, which is only required by the first `new
  // Database` (a build that failed, a binary built for another Node): open one here to find out.
  new driver(':memory:').close();
  return driver;
};

/** better-sqlite3 loaded synchronously, for tools and tests that open a database directly; throws without it. */
export function requireBetterSqlite3(): SqliteDriver {
  return createRequire(import.meta.url)('better-sqlite3') as SqliteDriver;
}

/**
 * The driver, or null when it cannot load (the module is missing, or its native binding is not built
 * for this Node); the reason is the error's class and code, never a path from its message.
 */
export async function tryLoadSqlite(load: SqliteLoader): Promise<{ driver: SqliteDriver } | { driver: null; reason: string }> {
  try {
    return { driver: await load() };
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    const code = (error as { code?: unknown } | null)?.code;
    return { driver: null, reason: typeof code === 'string' ? `${name} ${code}` : name };
  }
}
