import type { HealthResponse } from '@linnet/shared';
import express, { type Express } from 'express';
import { createErrorHandler, notFoundHandler } from './lib/error-handler.js';
import { silentLogger, type Logger } from './lib/logger.js';
import { createWebDistRouter } from './lib/web-dist.js';
import { createSessionsRouter } from './sessions/sessions.router.js';
import type { SessionStore } from './sessions/session-store.js';
import { createStreamRouter } from './stream/stream.router.js';

/** Everything the HTTP app needs; audio (WebSocket) is wired by the server on `upgrade`. */
export interface AppDeps {
  store: SessionStore;
  /** Heartbeat interval of event streams in ms. @default 15 000 */
  heartbeatMs?: number;
  /** Unsent bytes an SSE subscriber may hold before it is cut off. @default 1 MiB */
  maxBacklogBytes?: number;
  /** Time a backlogged SSE subscriber has to drain. @default 10 000 */
  drainTimeoutMs?: number;
  /** Retry-After seconds when MAX_SESSIONS are running. @default 45 */
  retryAfterS?: number;
  /** Built web app to serve; ignored when it has no index.html. */
  webDistDir?: string;
  /** Counters exposed at `GET /metrics`. */
  metrics?: () => Record<string, unknown>;
  logger?: Logger;
}

/** Build the Express app (no listen): the session API, its event stream and the web app. */
export function createApp({
  store,
  heartbeatMs = 15_000,
  maxBacklogBytes,
  drainTimeoutMs,
  retryAfterS = 45,
  webDistDir,
  metrics = () => ({}),
  logger = silentLogger,
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
  app.use('/session', createStreamRouter({ store, heartbeatMs, maxBacklogBytes, drainTimeoutMs, logger }));
  app.use('/session', createSessionsRouter({ store, retryAfterS, logger }));

  const web = webDistDir ? createWebDistRouter(webDistDir) : null;
  if (web) app.use(web);

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
