import type { IncomingMessage } from 'node:http';
import type { CaptionsState, HealthCaptions, HealthResponse } from '@linnet/shared';
import express, { type Express } from 'express';
import { DEFAULT_SSE_OPTIONS, DEFAULTS, type SseOptions } from './defaults.js';
import { createErrorHandler, notFoundHandler } from './lib/error-handler.js';
import { silentLogger, type Logger } from './lib/logger.js';
import { createOriginPolicy, requireAllowedOrigin, type OriginPolicy } from './lib/origin-policy.js';
import { securityHeaders } from './lib/security-headers.js';
import { createClientAddressResolver, type ClientAddressResolver } from './limits/client-address.js';
import { createWebDistRouter } from './lib/web-dist.js';
import { createSessionsRouter, type StartSession } from './sessions/sessions.router.js';
import type { Session, SessionStore } from './sessions/session-store.js';
import { createLearningRouter } from './learning/learning.router.js';
import { createCorrectionsRouter } from './storage/corrections.router.js';
import { createKeptRouter } from './storage/kept.router.js';
import { loadSharedSession, sharedStoreErrors } from './storage/redis/shared-routes.js';
import type { SharedSessions } from './storage/redis/shared-sessions.js';
import type { Storage } from './storage/storage.js';
import { createStreamRouter } from './stream/stream.router.js';

/** Everything the HTTP app needs; audio (WebSocket) is wired by the server on `upgrade`. */
export interface AppDeps {
  store: SessionStore;
  /** Heartbeat and slow-subscriber bounds of event streams; unset fields take DEFAULTS. */
  sse?: Partial<SseOptions>;
  /** Retry-After seconds when MAX_SESSIONS are running. @default DEFAULTS.retryAfterS */
  retryAfterS?: number;
  /** Built web app to serve; ignored when it has no index.html. */
  webDistDir?: string;
  /** Captions, for `/health` and `GET /session/:id`; absent when the server runs without them. */
  captions?: { health(): HealthCaptions; stateOf(session: Session): CaptionsState };
  /** Counters exposed at `GET /metrics`. */
  metrics?: () => Record<string, unknown>;
  /** The client address requests count against (TRUST_PROXY). @default the socket's peer */
  clientAddress?: ClientAddressResolver;
  /** Which origins may change state. @default the app's own origin only */
  originPolicy?: OriginPolicy;
  /** Stream caps: MAX_SUBSCRIBERS_PER_SESSION and MAX_SUBSCRIBERS_PER_CLIENT. @default DEFAULTS */
  subscriberLimits?: { perSession: number; perClient: number };
  /** Linnet serves TLS itself: answers carry HSTS. @default false */
  tls?: boolean;
  logger?: Logger;
  /** Kept conversations and corrections; without it those routes answer 404. */
  storage?: Pick<Storage, 'kept' | 'corrections' | 'keeper' | 'learning'>;
  /** STORE=redis: sessions shared with other instances through Redis (docs/scaling.md). */
  shared?: Pick<SharedSessions, 'create' | 'ensureLocal' | 'end' | 'endHere'>;
}

/** Build the Express app (no listen): the session API, its event stream and the web app. */
export function createApp({
  store,
  sse,
  retryAfterS = DEFAULTS.retryAfterS,
  webDistDir,
  metrics = () => ({}),
  clientAddress = createClientAddressResolver(),
  tls = false,
  originPolicy = createOriginPolicy({ allowedOrigins: [], tls, viaTrustedProxy: (req) => clientAddress.ofRequest(req).viaTrustedProxy }),
  subscriberLimits = { perSession: DEFAULTS.maxSubscribersPerSession, perClient: DEFAULTS.maxSubscribersPerClient },
  captions,
  logger = silentLogger,
  storage,
  shared,
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags would let a client cache `GET /session/:id` and miss that the session ended.
  app.set('etag', false);
  app.use(securityHeaders({ tls }));
  app.use(requireAllowedOrigin(originPolicy));
  const clientOf = (req: IncomingMessage) => clientAddress.ofRequest(req).address;

  app.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', service: 'linnet', ...(captions ? { captions: captions.health() } : {}) };
    res.json(body);
  });
  app.get('/metrics', (_req, res) => {
    res.json({ sessions_running: store.size, ...metrics() });
  });
  const startSession: StartSession | undefined = shared && ((params) => shared.create(params));
  if (shared) app.use(loadSharedSession(shared));
  app.use(
    '/session',
    createStreamRouter({
      store,
      sse: { ...DEFAULT_SSE_OPTIONS, ...sse },
      maxSubscribersPerSession: subscriberLimits.perSession,
      maxSubscribersPerClient: subscriberLimits.perClient,
      clientOf,
      logger,
    }),
  );
  if (storage) {
    const { kept, corrections, keeper, learning } = storage;
    app.use(createKeptRouter({ kept, store, startSession, retryAfterS, clientOf, logger }));
    app.use('/corrections', createCorrectionsRouter({ corrections, kept, store, recordedEvent: keeper.event, onCorrection: learning.refresh, logger }));
    app.use('/learning', createLearningRouter({ learning, logger }));
  }
  app.use('/session', createSessionsRouter({ store, startSession, retryAfterS, clientOf, captionsState: captions && ((session) => captions.stateOf(session)), logger }));

  const web = webDistDir ? createWebDistRouter(webDistDir) : null;
  if (web) app.use(web);

  app.use(notFoundHandler);
  if (shared) app.use(sharedStoreErrors);
  app.use(createErrorHandler(logger));
  return app;
}
