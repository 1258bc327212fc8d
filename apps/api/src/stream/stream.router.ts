import { LastEventIdSchema } from '@linnet/shared';
import { Router, type Request } from 'express';
import { DEFAULTS } from '../defaults.js';
import { HttpError } from '../lib/http-error.js';
import { parseOr400 } from '../lib/parse-or-400.js';
import { AddressCounter } from '../limits/address-counter.js';
import { normaliseAddress } from '../limits/client-address.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { SseOptions } from '../defaults.js';
import { requireSession } from '../sessions/require-session.js';
import type { SessionStore } from '../sessions/session-store.js';
import { createHeartbeat } from './heartbeat.js';
import { SseSubscriber } from './sse-subscriber.js';

export interface StreamRouterOptions {
  store: SessionStore;
  sse: SseOptions;
  /** Open streams one session may have (MAX_SUBSCRIBERS_PER_SESSION). @default DEFAULTS.maxSubscribersPerSession */
  maxSubscribersPerSession?: number;
  /** Open streams one client address may hold, all sessions together (MAX_SUBSCRIBERS_PER_CLIENT). */
  maxSubscribersPerClient?: number;
  /** The address a request counts against. @default the socket's peer */
  clientOf?: (req: Request) => string;
  logger?: Logger;
}

/** Where a resume id came from, worded as the 400 names it, with the code a bad value earns. */
const RESUME_SOURCES = {
  header: { code: 'invalid_request', name: 'Last-Event-ID header' },
  query: { code: 'invalid_query', name: 'lastEventId' },
} as const;

/**
 * The id a client resumes after. The header wins over the query: an EventSource opened with
 * `?lastEventId=` sends the header on its own automatic reconnects, and that one is newer.
 */
function resumeAfter(req: Request): { id: number; source: keyof typeof RESUME_SOURCES } | null {
  const header = req.headers['last-event-id'];
  const { header: fromHeader, query: fromQuery } = RESUME_SOURCES;
  if (header !== undefined && header !== '') return { id: parseOr400(LastEventIdSchema, header, fromHeader.code, fromHeader.name), source: 'header' };
  const query = req.query.lastEventId;
  if (query === undefined || query === '') return null;
  return { id: parseOr400(LastEventIdSchema, query, fromQuery.code, fromQuery.name), source: 'query' };
}

/**
 * A resume id beyond the session's newest event was never sent by this session (another
 * session's id, or a forged one): refused like any other bad value, rather than silently
 * replaying nothing while the client waits for ids the session will reuse for other events.
 */
function refuseFutureId(resume: { id: number; source: keyof typeof RESUME_SOURCES }, lastEventId: number): never {
  const { code, name } = RESUME_SOURCES[resume.source];
  throw new HttpError(400, code, `Invalid ${name}: ${resume.id} is ahead of this session's newest event id, ${lastEventId}`);
}

/** `GET /session/:id/stream`: the session's events as Server-Sent Events, with replay. */
export function createStreamRouter({
  store,
  sse,
  maxSubscribersPerSession = DEFAULTS.maxSubscribersPerSession,
  maxSubscribersPerClient = DEFAULTS.maxSubscribersPerClient,
  clientOf = (req) => normaliseAddress(req.socket.remoteAddress),
  logger = silentLogger,
}: StreamRouterOptions): Router {
  const router = Router();
  const heartbeat = createHeartbeat({ intervalMs: sse.heartbeatMs });
  const perClient = new AddressCounter(maxSubscribersPerClient);

  router.get('/:id/stream', (req, res) => {
    const session = requireSession(store, req.params.id);
    const resume = resumeAfter(req);
    if (resume && resume.id > session.channel.lastEventId) refuseFutureId(resume, session.channel.lastEventId);
    const lastEventId = resume?.id ?? null;
    // Express answers HEAD with GET routes; a probe must not become a subscriber that holds the
    // session open and never reads.
    if (req.method === 'HEAD') {
      res.status(200).type('text/event-stream').set('Cache-Control', 'no-cache').end();
      return;
    }
    // No Retry-After on these two: a stream slot frees when another stream closes, which no one can predict.
    if (session.subscribers >= maxSubscribersPerSession) {
      throw new HttpError(429, 'session_subscriber_limit', `This session already has ${maxSubscribersPerSession} open streams`);
    }
    const client = clientOf(req);
    if (!perClient.tryAcquire(client)) {
      throw new HttpError(429, 'client_subscriber_limit', `This address already has ${maxSubscribersPerClient} open streams`);
    }
    const subscriber = new SseSubscriber({
      res,
      heartbeat,
      maxBacklogBytes: sse.maxBacklogBytes,
      drainTimeoutMs: sse.drainTimeoutMs,
      stallTimeoutMs: sse.stallTimeoutMs,
      onClose: (reason, bytes) => {
        perClient.release(client);
        session.channel.detach(subscriber);
        store.removeSubscriber(session);
        logger.info('subscriber_closed', { session_id: session.id, reason, sent_bytes: bytes.sent, backlog_bytes: bytes.backlog });
      },
    });
    store.addSubscriber(session);
    session.channel.attach(subscriber, lastEventId);
    logger.info('subscriber_opened', { session_id: session.id, last_event_id: lastEventId });
  });

  return router;
}
