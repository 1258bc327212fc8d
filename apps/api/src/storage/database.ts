import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { NUMBERED_MIGRATIONS } from './numbered-migrations.js';

/** An open, migrated Linnet database. */
export type LinnetDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** LINNET_DB: a file path, or `:memory:` for a database that lives as long as the process. */
  path: string;
  /**
   * Milliseconds a write waits for a lock held by another connection before it fails. Short:
   * writes run on the server's only thread, and a conversation that cannot be kept is reported.
   * @default 250
   */
  busyTimeoutMs?: number;
}

/** Raised when LINNET_DB cannot be opened or migrated: start-up stops with this message. */
export class DatabaseOpenError extends Error {
  constructor(path: string, reason: string) {
    super(`LINNET_DB=${path}: cannot open the database: ${reason}`);
    this.name = 'DatabaseOpenError';
  }
}

// Conversations are private: the folder and the file are the owner's alone (SQLite gives its
// -wal and -shm files the database file's permissions).
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

function prepareFile(path: string): void {
  // `recursive` leaves an existing folder's mode alone, so only a folder made here is 0700.
  mkdirSync(dirname(path), { recursive: true, mode: DIR_MODE });
  closeSync(openSync(path, 'a', FILE_MODE));
  chmodSync(path, FILE_MODE);
}

function migrate(db: LinnetDatabase): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > MIGRATIONS.length) {
    throw new Error(`schema version ${applied} is newer than this Linnet knows (${MIGRATIONS.length})`);
  }
  for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      db.pragma(`user_version = ${version}`);
    })();
  }
  db.exec('CREATE TABLE IF NOT EXISTS applied_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)');
  const isApplied = db.prepare<[number], { version: number }>('SELECT version FROM applied_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO applied_migrations (version, applied_ms) VALUES (?, ?)');
  for (const { version, sql } of [...NUMBERED_MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (isApplied.get(version)) continue;
    db.transaction(() => {
      db.exec(sql);
      record.run(version, Date.now());
    })();
  }
}

/**
 * Open LINNET_DB, creating its folder (0700) and file (0600) if needed, and apply every pending
 * migration; any failure is a DatabaseOpenError naming LINNET_DB.
 */
export function openDatabase({ path, busyTimeoutMs = 250 }: OpenDatabaseOptions): LinnetDatabase {
  let db: LinnetDatabase | undefined;
  try {
    if (path !== ':memory:') prepareFile(path);
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(path, reason);
  }
}
