import type { LabelOffsets } from '@linnet/engine';
import type { Rating } from '@linnet/shared';
import { systemClock, type Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { LinnetDatabase } from '../storage/database.js';
import { learnLabels, type LearntLabels, type ToneRating } from './label-learning.js';

interface RatingTally {
  shown: string;
  rating: Rating;
  corrected: string | null;
  n: number;
}

/** The learnt labels and when they were last reset (epoch ms, or null if never). */
export interface LearningState extends LearntLabels {
  resetMs: number | null;
}

const EMPTY: LearningState = { ...learnLabels([]), resetMs: null };

/**
 * This installation's labels that learn: the per-label offsets derived from the corrections table
 * (tone labels, on tone events and captions; not a caption's Questioning read from its words, which
 * the engine did not say) since the last reset, held in memory so a new
 * session's engine gets them without touching the database. `refresh()` after each correction.
 */
export function createLearningStore(db: LinnetDatabase, { clock = systemClock, logger = silentLogger }: { clock?: Clock; logger?: Logger } = {}) {
  const selectReset = db.prepare<[], { reset_after_correction: number; reset_ms: number }>(
    'SELECT reset_after_correction, reset_ms FROM label_learning WHERE id = 1',
  );
  const selectTallies = db.prepare<[number], RatingTally>(`SELECT shown_label AS shown, rating, corrected_label AS corrected, count(*) AS n
    FROM corrections WHERE id > ? AND event_type IN ('tone', 'transcript') AND tone_source IS NOT 'words'
    GROUP BY shown_label, rating, corrected_label`);
  const upsertReset = db.prepare(`INSERT INTO label_learning (id, reset_after_correction, reset_ms)
    VALUES (1, (SELECT coalesce(max(id), 0) FROM corrections), ?)
    ON CONFLICT (id) DO UPDATE SET reset_after_correction = excluded.reset_after_correction, reset_ms = excluded.reset_ms`);

  let state: LearningState = EMPTY;

  /** Read the state from the database; throws a SqliteError when it cannot be read. */
  function load(): LearningState {
    const reset = selectReset.get();
    const ratings: ToneRating[] = selectTallies.all(reset?.reset_after_correction ?? 0).map(({ shown, rating, corrected, n }) => ({
      shown,
      correct: rating === 'up' ? shown : corrected,
      count: n,
    }));
    return { ...learnLabels(ratings), resetMs: reset?.reset_ms ?? null };
  }

  return {
    /** The state as of the last refresh or reset. */
    state(): LearningState {
      return state;
    },

    /** The offsets a new session's engine starts with (none until enough corrections). */
    offsets(): LabelOffsets | undefined {
      return state.offsets;
    },

    /**
     * Re-read the corrections (after one arrives, and at start-up). A database failure keeps the
     * last state: learning is a nicety, never a reason for a request or a session to fail.
     */
    refresh(): LearningState {
      try {
        state = load();
      } catch (error) {
        logger.error('learning_refresh_failed', { error: error instanceof Error ? error.name : 'Error' });
      }
      return state;
    },

    /** Forget every correction so far (they stay stored and exportable); throws on a database failure. */
    reset(): LearningState {
      upsertReset.run(clock.now());
      state = load();
      return state;
    },
  };
}

export type LearningStore = ReturnType<typeof createLearningStore>;
