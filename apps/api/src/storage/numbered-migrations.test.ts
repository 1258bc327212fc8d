import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { NUMBERED_MIGRATIONS } from './numbered-migrations.js';
import { tempDir } from './testing.js';

describe('numbered migrations', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    temp = tempDir();
    path = join(temp.dir, 'linnet.db');
  });
  afterEach(() => temp.remove());

  const applied = (db: Database.Database) => db.prepare('SELECT version FROM applied_migrations ORDER BY version').pluck().all();
  const tables = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'label_learning'").pluck().all();

  it('adds the learning table to a database made before it, once, beside the listed steps', () => {
    // A database as the released Linnet left it: the listed steps, no numbered ones.
    const old = new Database(path);
    old.exec(MIGRATIONS[0]!);
    old.pragma(`user_version = ${MIGRATIONS.length}`);
    old.prepare("INSERT INTO corrections (created_ms, session_id, event_id, event_type, shown_label, rating, share) VALUES (1, 's', 1, 'tone', 'Calm', 'up', 0)").run();
    old.close();

    for (let open = 0; open < 2; open++) {
      const db = openDatabase({ path });
      expect(applied(db)).toEqual(NUMBERED_MIGRATIONS.map((step) => step.version));
      expect(tables(db)).toEqual(['label_learning']);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.prepare('SELECT count(*) FROM corrections').pluck().get()).toBe(1);
      db.close();
    }
  });

  it('numbers its steps from 100, leaving the listed steps their own room', () => {
    expect(NUMBERED_MIGRATIONS.every((step) => step.version >= 100)).toBe(true);
    expect(new Set(NUMBERED_MIGRATIONS.map((step) => step.version)).size).toBe(NUMBERED_MIGRATIONS.length);
  });
});
