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

/** The `at ...` lines of an error's stack, without the message that heads it. */
function stackFrames(error: Error): string {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
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
      // Operators get the error's name and where it was thrown; the client only learns that it
      // failed. The message is left out: it may quote the request (JSON.parse's does).
      const failure = error instanceof Error ? error : new Error('non-Error thrown');
      logger.error('request_failed', { method: req.method, path: req.path, error: failure.name, stack: stackFrames(failure) });
      res.status(500);
      body = { detail: 'Internal server error', code: 'internal_error' };
    }
    res.json(body);
  };
}
