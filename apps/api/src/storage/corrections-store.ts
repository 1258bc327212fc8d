import type { CorrectionExportRow, CorrectionFeatures, Rating } from '@linnet/shared';
import type { LinnetDatabase } from './database.js';

/** One correction as it is written. */
export interface NewCorrection {
  createdMs: number;
  /** SHA-256 of the rating device's key: only it can count or export this correction. */
  device: string;
  sessionId: string;
  eventId: number;
  eventType: string;
  /** 'words' when the rated label is a caption tone read from its words; null for the voice's. */
  toneSource: string | null;
  shownLabel: string;
  rating: Rating;
  correctedLabel: string | null;
  note: string | null;
  share: boolean;
  features: CorrectionFeatures | null;
}

interface ExportRow {
  id: number;
  created_ms: number;
  event_type: string;
  shown_label: string;
  rating: Rating;
  corrected_label: string | null;
  note: string | null;
  features: string | null;
}

/** The user's ratings of labels, kept until deleted (they outlive the conversations they rate). */
export function createCorrectionsStore(db: LinnetDatabase) {
  const insert = db.prepare(`INSERT INTO corrections
    (created_ms, device_hash, session_id, event_id, event_type, tone_source, shown_label, rating, corrected_label, note, share, features)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const countDevice = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM corrections WHERE device_hash = ?');
  const selectShared = db.prepare<[string], ExportRow>(
    'SELECT id, created_ms, event_type, shown_label, rating, corrected_label, note, features FROM corrections WHERE device_hash = ? AND share = 1 ORDER BY id',
  );

  return {
    /** Write one correction; returns its id. */
    add(correction: NewCorrection): number {
      const { lastInsertRowid } = insert.run(
        correction.createdMs,
        correction.device,
        correction.sessionId,
        correction.eventId,
        correction.eventType,
        correction.toneSource,
        correction.shownLabel,
        correction.rating,
        correction.correctedLabel,
        correction.note,
        correction.share ? 1 : 0,
        correction.features ? JSON.stringify(correction.features) : null,
      );
      return Number(lastInsertRowid);
    },

    /** How many corrections `device` has given. */
    count(device: string): number {
      return countDevice.get(device)!.n;
    },

    /** `device`'s opted-in corrections, oldest first, without session ids: what may leave the machine. */
    *shared(device: string): Generator<CorrectionExportRow> {
      for (const row of selectShared.iterate(device)) {
        yield {
          correction_id: row.id,
          created_at: new Date(row.created_ms).toISOString(),
          event_type: row.event_type,
          shown_label: row.shown_label,
          rating: row.rating,
          corrected_label: row.corrected_label,
          note: row.note,
          features: row.features ? (JSON.parse(row.features) as CorrectionFeatures) : null,
        };
      }
    },
  };
}

export type CorrectionsStore = ReturnType<typeof createCorrectionsStore>;
