import {
  SpeakerBaselineStateSchema,
  type KeptEvent,
  type KeptSession,
  type KeptSessionsQuery,
  type KeptSessionSummary,
  type KeptSettings,
  type SpeakerBaselineState,
  type ToneShare,
} from '@linnet/shared';
import type { LinnetDatabase } from './database.js';

/** Everything written for one conversation when its session ends. */
export interface KeptRecord {
  sessionId: string;
  /** ISO wall-clock start. */
  startedAt: string;
  endedMs: number;
  endReason: string;
  settings: KeptSettings;
  resumedFrom: string | null;
  /** SHA-256 of the device key that kept it: the only device that can read it back. */
  device: string | null;
  /** The speaker baseline's numbers when it ended, for a resume; null when none was learnt. */
  speakerBaseline: SpeakerBaselineState | null;
  /** Events with their stream ids, oldest first. */
  events: KeptEvent[];
}

interface SessionRow {
  id: string;
  started_at: string;
  started_ms: number;
  ended_ms: number;
  end_reason: string;
  settings: string;
  resumed_from: string | null;
  first_words: string | null;
  tones: string;
  caption_count: number;
  event_count: number;
  speaker_baseline: string | null;
}

const FIRST_WORDS_CHARS = 80;
const DOMINANT_TONES = 3;

function captionWords(event: KeptEvent['event']): string | null {
  if (event.event_type !== 'transcript') return null;
  const words = (event.plain_text ?? event.text).replace(/\s+/g, ' ').trim();
  return words || null;
}

/** The labels with the largest share of the conversation's tone windows, largest first. */
function dominantTones(events: KeptEvent[]): ToneShare[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const { event } of events) {
    if (event.event_type !== 'tone') continue;
    counts.set(event.label, (counts.get(event.label) ?? 0) + 1);
    total++;
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, DOMINANT_TONES)
    .map(([label, count]) => ({ label, share: Math.round((count / total) * 1000) / 1000 }));
}

function summary(row: SessionRow): KeptSessionSummary {
  return {
    session_id: row.id,
    started_at: row.started_at,
    ended_at: new Date(row.ended_ms).toISOString(),
    duration_s: Math.max(0, Math.round((row.ended_ms - row.started_ms) / 100) / 10),
    end_reason: row.end_reason,
    first_words: row.first_words,
    tones: JSON.parse(row.tones) as ToneShare[],
    caption_count: row.caption_count,
    event_count: row.event_count,
    resumed_from: row.resumed_from,
  };
}

/** A kept speaker baseline, or null: one that no longer parses (hand-edited file) starts a resume afresh. */
function storedBaseline(text: string | null): SpeakerBaselineState | null {
  if (text === null) return null;
  try {
    const parsed = SpeakerBaselineStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * FTS5 query matching every word the user typed, each as a quoted phrase prefix, so text such as
 * `AND`, `"` or `*` is searched for rather than read as query syntax.
 */
function ftsQuery(q: string): string {
  return q
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `"${word.replace(/"/g, '""')}"*`)
    .join(' ');
}

/** Kept conversations in SQLite: one transaction per conversation, searched with FTS5. */
export function createKeptStore(db: LinnetDatabase) {
  const insertSession = db.prepare(`INSERT INTO kept_sessions
    (id, device_hash, started_at, started_ms, ended_ms, end_reason, settings, resumed_from, first_words, tones, caption_count, event_count, speaker_baseline)
    VALUES (@id, @device_hash, @started_at, @started_ms, @ended_ms, @end_reason, @settings, @resumed_from, @first_words, @tones, @caption_count, @event_count, @speaker_baseline)`);
  const insertEvent = db.prepare('INSERT INTO kept_events (session_id, event_id, event_type, body) VALUES (?, ?, ?, ?)');
  const insertCaption = db.prepare('INSERT INTO kept_captions (text, session_id) VALUES (?, ?)');
  // Every read and delete is scoped to the asking device; `device_hash = ?` is never true for the
  // NULL of rows kept before devices existed.
  const selectSession = db.prepare<[string, string], SessionRow>('SELECT * FROM kept_sessions WHERE id = ? AND device_hash = ?');
  const selectEvents = db.prepare<[string], { event_id: number; body: string }>(
    'SELECT event_id, body FROM kept_events WHERE session_id = ? ORDER BY event_id',
  );
  const selectEvent = db.prepare<[string, number, string], { body: string }>(
    'SELECT body FROM kept_events WHERE session_id = ? AND event_id = ? AND session_id IN (SELECT id FROM kept_sessions WHERE device_hash = ?)',
  );
  const deleteCaptions = db.prepare('DELETE FROM kept_captions WHERE session_id = ?');
  const deleteSession = db.prepare('DELETE FROM kept_sessions WHERE id = ?');
  const selectOlder = db.prepare<[number], { id: string }>('SELECT id FROM kept_sessions WHERE ended_ms < ?');
  const selectOwned = db.prepare<[string, string], { id: string }>('SELECT id FROM kept_sessions WHERE id = ? AND device_hash = ?');
  const selectDeviceIds = db.prepare<[string], { id: string }>('SELECT id FROM kept_sessions WHERE device_hash = ?');

  const save = db.transaction((record: KeptRecord) => {
    const captions = record.events.map(({ event }) => captionWords(event)).filter((words) => words !== null);
    const firstWords = captions.length > 0 ? captions.join(' ').slice(0, FIRST_WORDS_CHARS) : null;
    insertSession.run({
      id: record.sessionId,
      device_hash: record.device,
      started_at: record.startedAt,
      started_ms: Date.parse(record.startedAt),
      ended_ms: record.endedMs,
      end_reason: record.endReason,
      settings: JSON.stringify(record.settings),
      resumed_from: record.resumedFrom,
      first_words: firstWords,
      tones: JSON.stringify(dominantTones(record.events)),
      caption_count: captions.length,
      event_count: record.events.length,
      speaker_baseline: record.speakerBaseline ? JSON.stringify(record.speakerBaseline) : null,
    });
    for (const { id, event } of record.events) insertEvent.run(record.sessionId, id, event.event_type, JSON.stringify(event));
    for (const words of captions) insertCaption.run(words, record.sessionId);
  });

  const remove = db.transaction((ids: string[]) => {
    let deleted = 0;
    for (const id of ids) {
      deleteCaptions.run(id);
      deleted += deleteSession.run(id).changes;
    }
    return deleted;
  });

  return {
    /** Write one conversation and its events in a single transaction. */
    save(record: KeptRecord): void {
      // IMMEDIATE takes the write lock first: a busy database fails here, before any work.
      save.immediate(record);
    },

    /** `device`'s conversations newest first, optionally those whose captions match `q`, started before `before`. */
    list(device: string, { q, limit, before }: KeptSessionsQuery): { sessions: KeptSessionSummary[]; nextBefore: string | null } {
      const where: string[] = ['device_hash = @device'];
      const params: Record<string, string | number> = { limit: limit + 1, device };
      if (before) {
        where.push('started_at < @before');
        // Stored times are `toISOString()`s; an equal instant written another way must compare the same.
        params.before = new Date(before).toISOString();
      }
      if (q) {
        where.push('id IN (SELECT session_id FROM kept_captions WHERE kept_captions MATCH @q)');
        params.q = ftsQuery(q);
      }
      const sql = `SELECT * FROM kept_sessions WHERE ${where.join(' AND ')} ORDER BY started_at DESC, id DESC LIMIT @limit`;
      const rows = db.prepare<[Record<string, string | number>], SessionRow>(sql).all(params);
      const page = rows.slice(0, limit);
      return { sessions: page.map(summary), nextBefore: rows.length > limit ? page[page.length - 1]!.started_at : null };
    },

    /** One of `device`'s conversations with every event, or undefined (also when another device kept it). */
    get(device: string, id: string): KeptSession | undefined {
      const row = selectSession.get(id, device);
      if (!row) return undefined;
      const events = selectEvents.all(id).map(({ event_id, body }) => ({ id: event_id, event: JSON.parse(body) as KeptEvent['event'] }));
      return { ...summary(row), settings: JSON.parse(row.settings) as KeptSettings, speaker_baseline: storedBaseline(row.speaker_baseline), events };
    },

    /** One event of `device`'s kept conversation, or undefined. */
    event(device: string, sessionId: string, eventId: number): KeptEvent['event'] | undefined {
      const row = selectEvent.get(sessionId, eventId, device);
      return row ? (JSON.parse(row.body) as KeptEvent['event']) : undefined;
    },

    /** Delete one of `device`'s conversations; false if it has none by that id. */
    delete(device: string, id: string): boolean {
      return remove.immediate(selectOwned.all(id, device).map((row) => row.id)) > 0;
    },

    /** Delete every conversation `device` kept; returns how many. */
    deleteAll(device: string): number {
      return remove.immediate(selectDeviceIds.all(device).map((row) => row.id));
    },

    /** Delete conversations that ended before `cutoffMs`; returns how many. */
    purgeEndedBefore(cutoffMs: number): number {
      return remove.immediate(selectOlder.all(cutoffMs).map((row) => row.id));
    },
  };
}

export type KeptStore = ReturnType<typeof createKeptStore>;
