import { timingSafeEqual } from 'node:crypto';
import { can, type KeyScope, type Permission } from '@loupe/schemas';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from './api-error.ts';
import type { AppEnv, Caller } from './caller.ts';
import type { Services } from '../services.ts';

/** What checking a caller touches; every feature that has guarded routes takes these. */
export type AccessDeps = Pick<Services, 'keys' | 'webSessions' | 'users' | 'rateLimiter'>;

export const SESSION_COOKIE = 'loupe_session';

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export function rateLimitKey(s: Pick<Services, 'rateLimiter'>, keyId: string): void {
  const r = s.rateLimiter.take(keyId);
  if (!r.ok) {
    const message = `too many requests for this key; retry in ${r.retryAfterSeconds} s`;
    throw new ApiError(429, { code: 'RATE_LIMITED', message, headers: { 'Retry-After': String(r.retryAfterSeconds) } });
  }
}

/** What a route needs: a key scope for integrations and, if people may call it too, their permissions. */
export interface Need {
  scope: KeyScope;
  /** Every one of these; absent means the route is for API keys only. */
  permissions?: Permission[];
}

async function keyCaller(s: AccessDeps, secret: string, need: Need): Promise<Caller> {
  const key = await s.keys.verify(secret);
  // A site key is public in web pages: it may only ingest, never call these routes.
  if (!key || key.kind !== 'api') throw new ApiError(401, { code: 'INVALID_KEY', message: 'the API key is unknown, expired or deleted' });
  if (!key.scopes.includes(need.scope)) throw new ApiError(403, { code: 'INSUFFICIENT_SCOPE', message: `this key lacks the "${need.scope}" scope` });
  rateLimitKey(s, key.id);
  s.keys.touch(key.id);
  return { tenantId: key.tenantId, kind: 'api', keyId: key.id, scopes: key.scopes };
}

async function personCaller(s: AccessDeps, c: Context, token: string, need: Need): Promise<Caller> {
  const session = await s.webSessions.verify(token);
  const user = session && (await s.users.get(session.tenantId, session.userId));
  if (!user) throw new ApiError(401, { code: 'SIGNED_OUT', message: 'your session has ended; sign in again' });
  if (!need.permissions) throw new ApiError(403, { code: 'FORBIDDEN', message: 'this route takes an API key, not a signed-in session' });
  const missing = need.permissions.find((p) => !can(user.role, p));
  if (missing) throw new ApiError(403, { code: 'FORBIDDEN', message: `the ${user.role} role may not do this (needs "${missing}")` });
  // The cookie is SameSite=Strict; checking Origin on writes as well stops cross-site forms in older browsers.
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin) throw new ApiError(403, { code: 'CROSS_SITE', message: 'cross-site requests are refused' });
  }
  rateLimitKey(s, `user:${user.id}`);
  return { tenantId: user.tenantId, kind: 'user', keyId: '', userId: user.id, role: user.role, scopes: [] };
}

/** Lets a request through for an API key with `need.scope`, or a signed-in person whose role has `need.permissions`. */
export function requireAccess(s: AccessDeps, need: Need): MiddlewareHandler<AppEnv> {
  return async function access(c, next) {
    const secret = bearer(c.req.header('authorization'));
    const token = getCookie(c, SESSION_COOKIE);
    if (!secret && !token) throw new ApiError(401, { code: 'MISSING_KEY', message: 'sign in, or send an API key as "Authorization: Bearer <key>"' });
    c.set('caller', secret ? await keyCaller(s, secret, need) : await personCaller(s, c, token!, need));
    await next();
  };
}

/** The operator's routes (tenant creation): off unless LOUPE_OPERATOR_KEY is set. */
export function requireOperator(s: Pick<Services, 'config'>): MiddlewareHandler<AppEnv> {
  return async function operatorAuth(c, next) {
    const expected = s.config.LOUPE_OPERATOR_KEY;
    if (!expected) throw new ApiError(404, { code: 'NOT_FOUND', message: 'tenant creation is off: set LOUPE_OPERATOR_KEY to turn it on' });
    const given = Buffer.from(bearer(c.req.header('authorization')) ?? '');
    const want = Buffer.from(expected);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new ApiError(401, { code: 'INVALID_KEY', message: 'the operator key is missing or wrong' });
    c.set('caller', { tenantId: '', keyId: 'operator', kind: 'operator', scopes: [] });
    await next();
  };
}
