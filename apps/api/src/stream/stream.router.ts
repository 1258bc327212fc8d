import { LastEventIdSchema, type ErrorCode } from '@linnet/shared';
import { Router, type Request } from 'express';
import { describeZodError, HttpError } from '../lib/http-error.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { requireSession } from '../sessions/sessions.router.js';
import type { SessionStore } from '../sessions/session-store.js';
import { createHeartbeat } from './heartbeat.js';
import { SseSubscriber } from './sse-subscriber.js';

export interface StreamRouterOptions {
  store: SessionStore;
  /** Interval between heartbeat comments (SSE_HEARTBEAT_S × 1000). */
  heartbeatMs: number;
  /** Unsent bytes a subscriber may accumulate before it is disconnected. @default 1 MiB */
  maxBacklogBytes?: number;
  /** How long a backlogged subscriber may take to drain. @default 10 000 */
  drainTimeoutMs?: number;
  logger?: Logger;
}

/**
 * The id a client resumes after. The header wins over the query: an EventSource opened with
 * `?lastEventId=` sends the header on its own automatic reconnects, and that one is newer.
 */
function resumeAfter(req: Request): number | null {
  const header = req.headers['last-event-id'];
  if (header !== undefined && header !== '') return parseLastEventId(header, 'invalid_request', 'Last-Event-ID header');
  const query = req.query.lastEventId;
  return query === undefined || query === '' ? null : parseLastEventId(query, 'invalid_query', 'lastEventId');
}

function parseLastEventId(value: unknown, code: ErrorCode, source: string): number {
  const parsed = LastEventIdSchema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, code, `Invalid ${source}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** `GET /session/:id/stream`: the session's events as Server-Sent Events, with replay. */
export function createStreamRouter({
  store,
  heartbeatMs,
  maxBacklogBytes,
  drainTimeoutMs,
  logger = silentLogger,
}: StreamRouterOptions): Router {
  const router = Router();
  const heartbeat = createHeartbeat({ intervalMs: heartbeatMs });

  router.get('/:id/stream', (req, res) => {
    const session = requireSession(store, req.params.id);
    const lastEventId = resumeAfter(req);
    // Express answers HEAD with GET routes; a probe must not become a subscriber that holds the
    // session open and never reads.
    if (req.method === 'HEAD') {
      res.status(200).type('text/event-stream').set('Cache-Control', 'no-cache').end();
      return;
    }
    const subscriber = new SseSubscriber({
      res,
      heartbeat,
      maxBacklogBytes,
      drainTimeoutMs,
      onClose: (reason) => {
        session.channel.detach(subscriber);
        store.removeSubscriber(session);
        logger.info('subscriber_closed', { session_id: session.id, reason });
      },
    });
    store.addSubscriber(session);
    session.channel.attach(subscriber, lastEventId);
    logger.info('subscriber_opened', { session_id: session.id, last_event_id: lastEventId });
  });

  return router;
}
