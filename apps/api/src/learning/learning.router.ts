import { LearningQuerySchema, type LearningResponse } from '@linnet/shared';
import { Router } from 'express';
import { silentLogger, type Logger } from '../lib/logger.js';
import { parseOr400 } from '../lib/parse-or-400.js';
import { withStorage } from '../storage/storage-error.js';
import { LEARNING_LIMITS } from './label-learning.js';
import type { LearningState, LearningStore } from './learning-store.js';

function learningResponse(state: LearningState): LearningResponse {
  return {
    corrections: state.corrections,
    min_corrections: LEARNING_LIMITS.minCorrections,
    max_offset: LEARNING_LIMITS.maxOffset,
    active: state.offsets !== undefined,
    labels: state.labels,
    reset_at: state.resetMs === null ? null : new Date(state.resetMs).toISOString(),
  };
}

/** `GET /learning` (what the labels learnt from the user's corrections) and `DELETE /learning` (reset). */
export function createLearningRouter({ learning, logger = silentLogger }: { learning: LearningStore; logger?: Logger }): Router {
  const router = Router();

  router.get('/', (req, res) => {
    parseOr400(LearningQuerySchema, req.query, 'invalid_query', 'learning query');
    res.json(learningResponse(learning.state()));
  });

  router.delete('/', (req, res) => {
    parseOr400(LearningQuerySchema, req.query, 'invalid_query', 'learning query');
    const state = withStorage(() => learning.reset());
    logger.info('learning_reset', { corrections: state.corrections });
    res.json(learningResponse(state));
  });

  return router;
}
