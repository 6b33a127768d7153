import { signInRequest } from '@loupe/schemas';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { assertNotCrossSite, assertSameOrigin } from '../auth/csrf.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { clientAddress } from '../http/client-address.ts';
import { requireAccess, SESSION_COOKIE } from '../auth/require-access.ts';
import { recordAction } from '../control/record-action.ts';
import type { User } from '../control/user-store.ts';
import { WEB_SESSION_MS } from '../control/web-sessions.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';
import { PERMISSIONS, ROLES, can, covers, type Permission } from '@loupe/schemas';

const SMALL_BODY = { maxBytes: 16 * 1024, maxInflatedBytes: 16 * 1024, maxDepth: 4 };

/** A user as the viewer sees itself: what it may open decides which pages it shows. */
export const userJson = (u: User) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  email: u.email,
  notifyOnErrors: u.notifyOnErrors,
  createdAt: new Date(u.createdAt).toISOString(),
  permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(u.role, p)),
  // The roles this user may grant and manage (auth/ceiling.ts), so the viewer offers only those.
  grantableRoles: ROLES.filter((r) => covers(u.role, r)),
});

export function registerAuth(app: Hono<AppEnv>, s: Services): void {
  // Unknown names are checked against this, so they cost the same scrypt as known ones.
  const dummyHash = hashPassword(randomBytes(16).toString('base64url'));

  app.post('/v1/auth/login', async (c) => {
    assertNotCrossSite(c);
    const p = signInRequest.safeParse(await readBody(c.req.raw, SMALL_BODY));
    if (!p.success) throw invalid(p.error);
    const tenantId = p.data.tenant ?? s.config.LOUPE_DEFAULT_TENANT;
    const address = clientAddress(c, s.config.LOUPE_TRUST_PROXY);
    const name = `${tenantId}\u0000${p.data.username}`;
    const verdict = s.signIn.check(address, name);
    if (!verdict.ok) {
      const wait = verdict.retryAfterSeconds;
      throw new ApiError(429, 'RATE_LIMITED', `too many sign-in attempts; retry in ${wait} s`, undefined, { 'Retry-After': String(wait) });
    }
    if (verdict.delayMs) await setTimeout(verdict.delayMs);
    const found = await s.users.findForSignIn(tenantId, p.data.username);
    // One answer, and one scrypt, for an unknown user and a wrong password, so names cannot be probed.
    const ok = await verifyPassword(p.data.password, found?.passwordHash ?? (await dummyHash));
    if (!found || !ok) {
      s.signIn.failed(address, name);
      throw new ApiError(401, 'BAD_CREDENTIALS', 'the username or password is wrong');
    }
    s.signIn.succeeded(address, name);
    const { token, expiresAt } = await s.webSessions.create(found.user.id, found.user.tenantId);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      path: '/',
      maxAge: Math.floor(WEB_SESSION_MS / 1000),
    });
    await recordAction(s, { tenantId: found.user.tenantId, kind: 'user', keyId: '', userId: found.user.id, role: found.user.role, scopes: [] }, { type: 'LOGGED_IN', data: {} });
    return c.json({ user: userJson(found.user), expiresAt: new Date(expiresAt).toISOString() });
  });

  app.post('/v1/auth/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      // A cross-site page must not sign the viewer out either.
      assertSameOrigin(c);
      await s.webSessions.revoke(token);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.get('/v1/auth/me', requireAccess(s, { scope: 'read', permissions: [] }), async (c) => {
    const caller = c.get('caller');
    if (caller.kind !== 'user') throw new ApiError(400, 'NOT_A_PERSON', 'this route answers for a signed-in person, not an API key');
    const user = await s.users.get(caller.tenantId, caller.userId!);
    return c.json({ user: userJson(user!) });
  });
}
