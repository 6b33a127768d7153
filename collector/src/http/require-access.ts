import { timingSafeEqual } from 'node:crypto';
import { can, covers, type KeyScope, type Permission } from '@loupe/schemas';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from './api-error.ts';
import type { AppEnv, Caller } from './caller.ts';
import type { KeyRecord } from '../admin/key-store.ts';
import type { Services } from '../services.ts';
import { assertSameOrigin } from './csrf.ts';
import { assertNotFlooding, verifyPresentedKey, type FloodDeps } from './key-failures.ts';

/** What checking a caller touches; every feature that has guarded routes takes these. */
export type AccessDeps = Pick<Services, 'keys' | 'webSessions' | 'users' | 'rateLimiter'> & FloodDeps;

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

/** A key dies with its user, and when its user no longer holds the role it was made with. */
async function creatorStillHolds(s: AccessDeps, key: KeyRecord): Promise<boolean> {
  if (!key.createdBy) return true;
  const user = await s.users.get(key.tenantId, key.createdBy);
  return !!user && covers(user.role, key.role);
}

/**
 * A key is checked against both its scopes and its role's permissions: a read key an Admin made
 * reads what an Admin may (not call logs), however its scopes read.
 */
async function keyCaller(s: AccessDeps, c: Context, secret: string, need: Need): Promise<Caller> {
  const key = await verifyPresentedKey(s, c, secret);
  // A site key is public in web pages: it may only ingest, never call these routes.
  if (key?.kind !== 'api' || !(await creatorStillHolds(s, key))) {
    throw new ApiError(401, { code: 'INVALID_KEY', message: 'the API key is unknown, expired or deleted' });
  }
  if (!key.scopes.includes(need.scope)) {
    throw new ApiError(403, { code: 'INSUFFICIENT_SCOPE', message: `this key lacks the "${need.scope}" scope` });
  }
  const missing = need.permissions?.find((p) => !can(key.role, p));
  if (missing) {
    const message = `this key acts for the ${key.role} role, which may not do this (needs "${missing}")`;
    throw new ApiError(403, { code: 'FORBIDDEN', message });
  }
  rateLimitKey(s, key.id);
  s.keys.touch(key.id);
  return {
    tenantId: key.tenantId,
    kind: 'api',
    keyId: key.id,
    scopes: key.scopes,
    role: key.role,
    keyCreatedBy: key.createdBy,
    keyExpiresAt: key.expiresAt,
  };
}

async function personCaller(s: AccessDeps, c: Context, token: string, need: Need): Promise<Caller> {
  // Made-up cookies cost a lookup each, like made-up keys, so they count against the same address.
  const address = assertNotFlooding(s, c);
  const session = await s.webSessions.verify(token);
  const user = session && (await s.users.get(session.tenantId, session.userId));
  if (!user) {
    s.keyFailures.fail(address);
    throw new ApiError(401, { code: 'SIGNED_OUT', message: 'your session has ended; sign in again' });
  }
  assertSameOrigin(c);
  if (!need.permissions)
    throw new ApiError(403, { code: 'FORBIDDEN', message: 'this route takes an API key, not a signed-in session' });
  const missing = need.permissions.find((p) => !can(user.role, p));
  if (missing)
    throw new ApiError(403, {
      code: 'FORBIDDEN',
      message: `the ${user.role} role may not do this (needs "${missing}")`,
    });
  rateLimitKey(s, `user:${user.id}`);
  return { tenantId: user.tenantId, kind: 'user', keyId: '', userId: user.id, role: user.role, scopes: [] };
}

/** Lets a request through for an API key with `need.scope`, or a signed-in person whose role has `need.permissions`. */
export function requireAccess(s: AccessDeps, need: Need): MiddlewareHandler<AppEnv> {
  return async function access(c, next) {
    const secret = bearer(c.req.header('authorization'));
    const token = getCookie(c, SESSION_COOKIE);
    if (!secret && !token)
      throw new ApiError(401, {
        code: 'MISSING_KEY',
        message: 'sign in, or send an API key as "Authorization: Bearer <key>"',
      });
    c.set('caller', secret ? await keyCaller(s, c, secret, need) : await personCaller(s, c, token!, need));
    await next();
  };
}

/** The operator's routes (tenant creation): off unless LOUPE_OPERATOR_KEY is set. */
export function requireOperator(s: FloodDeps): MiddlewareHandler<AppEnv> {
  return async function operatorAuth(c, next) {
    const expected = s.config.LOUPE_OPERATOR_KEY;
    if (!expected)
      throw new ApiError(404, {
        code: 'NOT_FOUND',
        message: 'tenant creation is off: set LOUPE_OPERATOR_KEY to turn it on',
      });
    const address = assertNotFlooding(s, c);
    const given = Buffer.from(bearer(c.req.header('authorization')) ?? '');
    const want = Buffer.from(expected);
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      s.keyFailures.fail(address);
      throw new ApiError(401, { code: 'INVALID_KEY', message: 'the operator key is missing or wrong' });
    }
    c.set('caller', { tenantId: '', keyId: 'operator', kind: 'operator', scopes: [], role: 'Owner' });
    await next();
  };
}
