/**
 * The database schema as numbered steps, applied in order at start-up; `PRAGMA user_version`
 * records the last one applied. A step is never edited once released: a change is a new step.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: kept conversations (no audio, ever) and their caption index; corrections.
  `
  CREATE TABLE kept_sessions (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER NOT NULL,
    end_reason TEXT NOT NULL,
    settings TEXT NOT NULL,
    resumed_from TEXT,
    first_words TEXT,
    tones TEXT NOT NULL,
    caption_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL
  );
  CREATE INDEX kept_sessions_started ON kept_sessions (started_at DESC);
  CREATE TABLE kept_events (
    session_id TEXT NOT NULL REFERENCES kept_sessions (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, event_id)
  ) WITHOUT ROWID;
  CREATE VIRTUAL TABLE kept_captions USING fts5 (text, session_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
  CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    created_ms INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    event_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    shown_label TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    corrected_label TEXT,
    note TEXT,
    share INTEGER NOT NULL CHECK (share IN (0, 1)),
    features TEXT
  );
  CREATE INDEX corrections_shared ON corrections (share, id);
  `,
  // 2: kept conversations and corrections belong to the device that made them: the SHA-256 of its
  // X-Linnet-Device key. Rows from before have none and so belong to no device: no request can read,
  // export, resume or delete them one by one (retention still purges them). Giving them to the
  // first device to ask would hand every old transcript to whoever reached the server first.
  // Kept conversations also keep the speaker baseline's numbers (never audio) for resume.
  `
  ALTER TABLE kept_sessions ADD COLUMN device_hash TEXT;
  CREATE INDEX kept_sessions_device ON kept_sessions (device_hash, started_at DESC);
  ALTER TABLE kept_sessions ADD COLUMN speaker_baseline TEXT;
  ALTER TABLE corrections ADD COLUMN device_hash TEXT;
  CREATE INDEX corrections_device ON corrections (device_hash, share, id);
  `,
];
