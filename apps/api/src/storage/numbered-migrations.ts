/**
 * Schema steps with a fixed number of their own, for features built beside the numbered list in
 * migrations.ts: `PRAGMA user_version` counts that list, and each step here is recorded in
 * `applied_migrations` by number, so a step added to either list later is still applied to a
 * database that already has the others. Numbers start at 100 to leave migrations.ts its own room.
 * A step is never edited once released: a change is a new step.
 */
export interface NumberedMigration {
  version: number;
  sql: string;
}

export const NUMBERED_MIGRATIONS: readonly NumberedMigration[] = [
  {
    // 100: labels that learn (src/learning). The learnt offsets are derived from the corrections
    // table; a reset remembers the last correction it forgot, so later ones count again.
    version: 100,
    sql: `
    CREATE TABLE label_learning (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      reset_after_correction INTEGER NOT NULL,
      reset_ms INTEGER NOT NULL
    );
    `,
  },
  {
    // 101: a caption's tone may come from its words (a question by its grammar) rather than the voice;
    // a rating of such a tone is kept but does not teach the tone engine's labels (learning-store.ts).
    // NULL: the voice (every correction written before this step).
    version: 101,
    sql: `ALTER TABLE corrections ADD COLUMN tone_source TEXT;`,
  },
];
