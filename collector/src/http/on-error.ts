import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { UsernameTakenError } from '../admin/user-store.ts';
import { SqlBusyError, SqlFailedError, SqlForbiddenError, SqlRejectedError } from '../analyst-sql/errors.ts';
import type { Services } from '../services.ts';
import { StorageError } from '../storage/errors.ts';
import { InvalidCursorError } from '../storage/queries/cursor.ts';
import { SpoolFullError, SpoolWriteError } from '../storage/spool.ts';
import { ApiError } from './api-error.ts';

/** Seconds a client should wait before retrying when storage is down: long enough for a restart. */
const STORAGE_RETRY_SECONDS = 5;
const retryLater = { 'Retry-After': String(STORAGE_RETRY_SECONDS) };

/** Any error a route throws, as the one wire shape `{ error: { code, message, path? } }`: the only such map. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof InvalidCursorError)
    return new ApiError(400, { code: err.code, message: err.message, path: 'cursor' });
  if (err instanceof SqlRejectedError)
    return new ApiError(400, { code: err.code, message: err.message, path: 'query' });
  if (err instanceof SqlFailedError) {
    // ClickHouse's own code and name, for looking the error up; the message holds no row values.
    const engine = err.clickhouse ? ` (ClickHouse error ${err.clickhouse.code}, ${err.clickhouse.type})` : '';
    return new ApiError(400, { code: err.code, message: `${err.message}${engine}`, path: 'query' });
  }
  if (err instanceof StorageError && err.code === 'ROWS_REFUSED') {
    // Storage works and took everyone else's rows; it refused this request's as bad data.
    const message = `storage refused this request's data, nothing of it was stored: ${err.message.slice(0, 300)}`;
    return new ApiError(400, { code: err.code, message });
  }
  if (err instanceof SqlForbiddenError)
    return new ApiError(403, { code: err.code, message: err.message, path: 'query' });
  if (err instanceof SqlBusyError)
    return new ApiError(429, { code: err.code, message: err.message, headers: retryLater });
  if (err instanceof UsernameTakenError)
    return new ApiError(409, { code: err.code, message: err.message, path: 'username' });
  if (err instanceof SpoolFullError || err instanceof SpoolWriteError) {
    return new ApiError(503, { code: err.code, message: err.message, headers: retryLater });
  }
  if (err instanceof StorageError) {
    const message = 'storage is not answering; nothing of this request was acknowledged, retry later';
    return new ApiError(503, { code: 'STORAGE_UNAVAILABLE', message, headers: retryLater });
  }
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'BODY_TOO_LARGE' : 'HTTP_ERROR';
    return new ApiError(err.status as ApiError['status'], { code, message: err.message });
  }
  return new ApiError(500, {
    code: 'INTERNAL',
    message: 'the collector failed to handle this request; it has been logged',
  });
}

export function onError(s: Pick<Services, 'logger' | 'metrics'>) {
  return function handleError(err: unknown, c: Context) {
    const e = toApiError(err);
    if (e.status >= 500) s.logger.error({ err, path: c.req.path }, 'request failed');
    if (c.req.method === 'POST' && e.status < 500) s.metrics.rejected.inc({ route: c.req.routePath, code: e.code });
    return c.json(
      { error: { code: e.code, message: e.message, ...(e.path ? { path: e.path } : {}) } },
      e.status,
      e.headers,
    );
  };
}

/** The same shape for a path no route serves. */
export function notFound(c: Context) {
  return c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404);
}
