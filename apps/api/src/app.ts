import type { HealthResponse } from '@linnet/shared';
import express, { type Express } from 'express';
import { DEFAULT_SSE_OPTIONS, DEFAULTS, type SseOptions } from './defaults.js';
import { createErrorHandler, notFoundHandler } from './lib/error-handler.js';
import { silentLogger, type Logger } from './lib/logger.js';
import { createWebDistRouter } from './lib/web-dist.js';
import { createSessionsRouter } from './sessions/sessions.router.js';
import type { SessionStore } from './sessions/session-store.js';
import { createCorrectionsRouter } from './storage/corrections.router.js';
import { createKeptRouter } from './storage/kept.router.js';
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
  /** Counters exposed at `GET /metrics`. */
  metrics?: () => Record<string, unknown>;
  logger?: Logger;
  /** Kept conversations and corrections; without it those routes answer 404. */
  storage?: Pick<Storage, 'kept' | 'corrections' | 'keeper'>;
}

/** Build the Express app (no listen): the session API, its event stream and the web app. */
export function createApp({
  store,
  sse,
  retryAfterS = DEFAULTS.retryAfterS,
  webDistDir,
  metrics = () => ({}),
  logger = silentLogger,
  storage,
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags would let a client cache `GET /session/:id` and miss that the session ended.
  app.set('etag', false);

  app.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', service: 'linnet' };
    res.json(body);
  });
  app.get('/metrics', (_req, res) => {
    res.json({ sessions_running: store.size, ...metrics() });
  });
  app.use('/session', createStreamRouter({ store, sse: { ...DEFAULT_SSE_OPTIONS, ...sse }, logger }));
  if (storage) {
    const { kept, corrections, keeper } = storage;
    app.use(createKeptRouter({ kept, store, retryAfterS, logger }));
    app.use('/corrections', createCorrectionsRouter({ corrections, kept, store, recordedEvent: keeper.event, logger }));
  }
  app.use('/session', createSessionsRouter({ store, retryAfterS, logger }));

  const web = webDistDir ? createWebDistRouter(webDistDir) : null;
  if (web) app.use(web);

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
