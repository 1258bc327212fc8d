import type { ErrorResponse } from '@linnet/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from './http-error.js';
import type { Logger } from './logger.js';

/** Errors thrown by Express's body parser carry a `type` naming what went wrong. */
interface BodyParserError {
  type?: string;
  status?: number;
}

function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  const { type, status } = (error ?? {}) as BodyParserError;
  switch (type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_request', 'Request body is not valid JSON');
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', 'Request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_media_type', 'Request body encoding is not supported');
    default:
      return typeof status === 'number' && status >= 400 && status < 500
        ? new HttpError(status, 'invalid_request', 'The request could not be processed')
        : null;
  }
}

/** 404 JSON for any route nothing else answered. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}`));
};

/** The one place errors become JSON `{detail, code}`; unexpected ones are 500 without internals. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = toHttpError(error);
    let body: ErrorResponse;
    if (known) {
      res.status(known.status).set(known.headers);
      body = { detail: known.detail, code: known.code };
    } else {
      // Log the name and stack for operators; the client only learns that it failed.
      const failure = error instanceof Error ? error : new Error(String(error));
      logger.error('request_failed', { method: req.method, path: req.path, error: failure.name, stack: failure.stack });
      res.status(500);
      body = { detail: 'Internal server error', code: 'internal_error' };
    }
    res.json(body);
  };
}
