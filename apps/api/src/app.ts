import type { CaptionsState, HealthCaptions, HealthResponse } from '@linnet/shared';
import express, { type Express } from 'express';
import { DEFAULT_SSE_OPTIONS, DEFAULTS, type SseOptions } from './defaults.js';
import { createErrorHandler, notFoundHandler } from './lib/error-handler.js';
import { silentLogger, type Logger } from './lib/logger.js';
import { createWebDistRouter } from './lib/web-dist.js';
import { createSessionsRouter } from './sessions/sessions.router.js';
import type { Session, SessionStore } from './sessions/session-store.js';
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
  logger?: Logger;
}

/** Build the Express app (no listen): the session API, its event stream and the web app. */
export function createApp({
  store,
  sse,
  retryAfterS = DEFAULTS.retryAfterS,
  webDistDir,
  metrics = () => ({}),
  captions,
  logger = silentLogger,
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags would let a client cache `GET /session/:id` and miss that the session ended.
  app.set('etag', false);

  app.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', service: 'linnet', ...(captions ? { captions: captions.health() } : {}) };
    res.json(body);
  });
  app.get('/metrics', (_req, res) => {
    res.json({ sessions_running: store.size, ...metrics() });
  });
  app.use('/session', createStreamRouter({ store, sse: { ...DEFAULT_SSE_OPTIONS, ...sse }, logger }));
  app.use('/session', createSessionsRouter({ store, retryAfterS, captionsState: captions && ((session) => captions.stateOf(session)), logger }));

  const web = webDistDir ? createWebDistRouter(webDistDir) : null;
  if (web) app.use(web);

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
