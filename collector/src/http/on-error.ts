import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { StorageError } from '../storage/errors.ts';
import { SpoolFullError, SpoolWriteError } from '../storage/spool.ts';
import { InvalidCursorError } from '../storage/queries/cursor.ts';
import type { Services } from '../services.ts';
import { ApiError } from './api-error.ts';

/** Seconds a client should wait before retrying when storage is down: long enough for a restart. */
const STORAGE_RETRY_SECONDS = 5;

/** Any error a route throws, as the one wire shape `{ error: { code, message, path? } }`. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof InvalidCursorError) return new ApiError(400, err.code, err.message, 'cursor');
  if (err instanceof StorageError && err.code === 'ROWS_REFUSED') {
    // Storage works and took everyone else's rows; it refused this request's as bad data.
    return new ApiError(400, err.code, `storage refused this request's data, nothing of it was stored: ${err.message.slice(0, 300)}`);
  }
  if (err instanceof SpoolFullError || err instanceof SpoolWriteError) {
    return new ApiError(503, err.code, err.message, undefined, { 'Retry-After': String(STORAGE_RETRY_SECONDS) });
  }
  if (err instanceof StorageError) {
    return new ApiError(503, 'STORAGE_UNAVAILABLE', 'storage is not answering; nothing of this request was acknowledged, retry later', undefined, {
      'Retry-After': String(STORAGE_RETRY_SECONDS),
    });
  }
  if (err instanceof HTTPException) return new ApiError(err.status as ApiError['status'], err.status === 413 ? 'BODY_TOO_LARGE' : 'HTTP_ERROR', err.message);
  const coded = err as { code?: unknown; status?: unknown };
  if (typeof coded?.code === 'string' && typeof coded.status === 'number') {
    return new ApiError(coded.status as ApiError['status'], coded.code, (err as Error).message);
  }
  return new ApiError(500, 'INTERNAL', 'the collector failed to handle this request; it has been logged');
}

export function onError(s: Services) {
  return function handleError(err: unknown, c: Context) {
    const e = toApiError(err);
    if (e.status >= 500) s.logger.error({ err, path: c.req.path }, 'request failed');
    if (c.req.method === 'POST' && e.status < 500) s.metrics.rejected.inc({ route: c.req.routePath, code: e.code });
    return c.json({ error: { code: e.code, message: e.message, ...(e.path ? { path: e.path } : {}) } }, e.status, e.headers);
  };
}
