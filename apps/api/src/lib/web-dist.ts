import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Paths that belong to the API; everything else may fall back to the web app. */
const API_PATH = /^\/(session|health|metrics)(\/|$)/;

/**
 * Serve the built web app from `dir` with a single-page-app fallback, so `pnpm start` answers web
 * and API on one port; returns null when there is no build to serve.
 */
export function createWebDistRouter(dir: string): Router | null {
  const indexHtml = join(dir, 'index.html');
  if (!existsSync(indexHtml)) return null;
  const router = Router();
  router.use(express.static(dir, { index: 'index.html', fallthrough: true }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATH.test(req.path)) {
      next();
      return;
    }
    res.sendFile(indexHtml);
  });
  return router;
}
