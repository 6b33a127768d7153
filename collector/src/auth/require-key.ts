import { timingSafeEqual } from 'node:crypto';
import type { KeyScope } from '@loupe/schemas';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import type { Services } from '../services.ts';

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

function limit(s: Services, keyId: string): void {
  const r = s.rateLimiter.take(keyId);
  if (!r.ok) throw new ApiError(429, 'RATE_LIMITED', `too many requests for this key; retry in ${r.retryAfterSeconds} s`, undefined, { 'Retry-After': String(r.retryAfterSeconds) });
}

/**
 * Platform and admin routes: an API key (never a site key, which is public in web pages) given
 * as `Authorization: Bearer`, holding `scope`. Rate-limited per key.
 */
export function requireApiKey(s: Services, scope: KeyScope): MiddlewareHandler<AppEnv> {
  return async function apiKeyAuth(c, next) {
    const secret = bearer(c.req.header('authorization'));
    if (!secret) throw new ApiError(401, 'MISSING_KEY', 'send an API key as "Authorization: Bearer <key>"');
    const key = await s.keys.verify(secret);
    if (!key || key.kind !== 'api') throw new ApiError(401, 'INVALID_KEY', 'the API key is unknown, expired or deleted');
    if (!key.scopes.includes(scope)) throw new ApiError(403, 'INSUFFICIENT_SCOPE', `this key lacks the "${scope}" scope`);
    limit(s, key.id);
    c.set('caller', { tenantId: key.tenantId, keyId: key.id, kind: 'api', scopes: key.scopes });
    await next();
  };
}

/** The operator's routes (tenant creation): off unless LOUPE_OPERATOR_KEY is set. */
export function requireOperator(s: Services): MiddlewareHandler<AppEnv> {
  return async function operatorAuth(c, next) {
    const expected = s.config.LOUPE_OPERATOR_KEY;
    if (!expected) throw new ApiError(404, 'NOT_FOUND', 'tenant creation is off: set LOUPE_OPERATOR_KEY to turn it on');
    const given = Buffer.from(bearer(c.req.header('authorization')) ?? '');
    const want = Buffer.from(expected);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new ApiError(401, 'INVALID_KEY', 'the operator key is missing or wrong');
    c.set('caller', { tenantId: '', keyId: 'operator', kind: 'operator', scopes: [] });
    await next();
  };
}

export { limit as rateLimitKey };
