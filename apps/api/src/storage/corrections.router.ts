import {
  CorrectionRequestSchema,
  ENVIRON_LABELS,
  NONE_OF_THESE,
  QUEUE_LABELS,
  SPEAKER_LABELS,
  TONE_LABELS,
  type CorrectionFeatures,
  type CorrectionResponse,
  type LinnetEvent,
} from '@linnet/shared';
import { Router } from 'express';
import { systemClock, type Clock } from '../lib/clock.js';
import { deviceOf } from '../lib/device.js';
import { HttpError } from '../lib/http-error.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { parseOr400 } from '../lib/parse-or-400.js';
import type { SessionStore } from '../sessions/session-store.js';
import { parseJsonBody } from '../sessions/sessions.router.js';
import type { CorrectionsStore } from './corrections-store.js';
import type { KeptStore } from './kept-store.js';
import { withStorage } from './storage-error.js';

export interface CorrectionsRouterOptions {
  corrections: CorrectionsStore;
  kept: KeptStore;
  store: SessionStore;
  /** A running kept session's recorded event, when the replay buffer no longer holds it. */
  recordedEvent: (sessionId: string, eventId: number) => LinnetEvent | undefined;
  /** Told after each correction is written (labels that learn re-read the corrections). */
  onCorrection?: () => void;
  clock?: Clock;
  logger?: Logger;
}

/** The labels a user may pick instead of the one shown, per event type; service notices are not rated. */
const VOCABULARY: Partial<Record<LinnetEvent['event_type'], readonly string[]>> = {
  tone: TONE_LABELS,
  transcript: TONE_LABELS,
  queue: QUEUE_LABELS,
  speaker: SPEAKER_LABELS,
  environ: ENVIRON_LABELS,
};

/** The label the user saw on this event: a caption's is its tone's. */
function shownLabel(event: LinnetEvent): string | null {
  if (event.event_type === 'transcript') return event.tone?.label ?? null;
  if (event.event_type === 'service') return null;
  return event.label;
}

/** What the event says about its window; kept only for conversations the user chose to keep. */
function features(event: LinnetEvent): CorrectionFeatures {
  if (event.event_type === 'tone') {
    const { confidence, shift_magnitude, shift_direction, prosody_flags, affect, timestamp } = event;
    return { confidence, shift_magnitude, shift_direction, prosody_flags, affect, timestamp };
  }
  if (event.event_type === 'transcript') return { confidence: event.tone?.confidence ?? 0, timestamp: event.timestamp };
  if (event.event_type === 'service') return { confidence: 0, timestamp: event.timestamp };
  return { confidence: event.confidence, timestamp: event.timestamp };
}

/** `POST /corrections` (a rating of one live or kept event) and `GET /corrections/export` (JSON Lines). */
export function createCorrectionsRouter({
  corrections,
  kept,
  store,
  recordedEvent,
  onCorrection,
  clock = systemClock,
  logger = silentLogger,
}: CorrectionsRouterOptions): Router {
  const router = Router();

  /**
   * The rated event and whether its conversation is kept, or a 404: a running session started with
   * another device's key, and another device's kept conversation, read as unknown.
   */
  function findEvent(device: string, sessionId: string, eventId: number): { event: LinnetEvent; isKept: boolean } {
    const live = store.get(sessionId);
    if (live && (live.device === null || live.device === device)) {
      const event = live.channel.recent(eventId) ?? (live.keep ? recordedEvent(sessionId, eventId) : undefined);
      if (event) return { event, isKept: live.keep };
    } else if (!live) {
      const event = withStorage(() => kept.event(device, sessionId, eventId));
      if (event) return { event, isKept: true };
    }
    throw new HttpError(404, 'event_not_found', `No event ${eventId} in session ${sessionId}`);
  }

  router.post('/', parseJsonBody, (req, res) => {
    const device = deviceOf(req);
    const request = parseOr400(CorrectionRequestSchema, req.body ?? {}, 'invalid_request', 'correction');
    const { event, isKept } = findEvent(device, request.session_id, request.event_id);
    const vocabulary = VOCABULARY[event.event_type];
    const label = shownLabel(event);
    if (!vocabulary || label === null) {
      throw new HttpError(400, 'invalid_request', `Invalid correction: a ${event.event_type} event has no label to rate`);
    }
    const corrected = request.corrected_label ?? null;
    if (corrected !== null && request.rating === 'up') {
      throw new HttpError(400, 'invalid_request', 'Invalid correction: corrected_label goes with a thumbs down only');
    }
    if (corrected !== null && corrected !== NONE_OF_THESE && !vocabulary.includes(corrected)) {
      throw new HttpError(
        400,
        'invalid_request',
        `Invalid correction: corrected_label must be one of ${[...vocabulary, NONE_OF_THESE].join(', ')}`,
      );
    }
    const id = withStorage(() =>
      corrections.add({
        createdMs: clock.now(),
        device,
        sessionId: request.session_id,
        eventId: request.event_id,
        eventType: event.event_type,
        toneSource: event.event_type === 'transcript' ? (event.tone?.source ?? null) : null,
        shownLabel: label,
        rating: request.rating,
        correctedLabel: corrected,
        note: request.note?.trim() || null,
        share: request.share,
        features: isKept ? features(event) : null,
      }),
    );
    onCorrection?.();
    logger.info('correction_added', { session_id: request.session_id, rating: request.rating, shared: request.share });
    const body: CorrectionResponse = { correction_id: id, total: withStorage(() => corrections.count(device)) };
    res.status(201).json(body);
  });

  router.get('/export', (req, res) => {
    const device = deviceOf(req);
    const lines = withStorage(() => [...corrections.shared(device)].map((row) => `${JSON.stringify(row)}\n`));
    res.set('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.set('Content-Disposition', 'attachment; filename="linnet-corrections.jsonl"');
    res.send(lines.join(''));
  });

  return router;
}
