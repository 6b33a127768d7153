import { signInRequest } from '@loupe/schemas';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { verifyPassword } from './passwords.ts';
import { requireAccess, SESSION_COOKIE } from '../http/require-access.ts';
import { recordAction } from './record-action.ts';
import type { User } from './user-store.ts';
import { WEB_SESSION_MS } from './web-sessions.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';
import { PERMISSIONS, can, type Permission } from '@loupe/schemas';

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
});

export function registerAuth(app: Hono<AppEnv>, s: Services): void {
  app.post('/v1/auth/login', async (c) => {
    const p = signInRequest.safeParse(await readBody(c.req.raw, SMALL_BODY));
    if (!p.success) throw invalid(p.error);
    const limited = s.signInLimiter.take(p.data.username);
    if (!limited.ok) {
      throw new ApiError(429, 'RATE_LIMITED', `too many sign-in attempts; retry in ${limited.retryAfterSeconds} s`, undefined, { 'Retry-After': String(limited.retryAfterSeconds) });
    }
    const found = await s.users.findForSignIn(p.data.username);
    // One answer for an unknown user and a wrong password, so names cannot be probed.
    if (!found || !(await verifyPassword(p.data.password, found.passwordHash))) {
      throw new ApiError(401, 'BAD_CREDENTIALS', 'the username or password is wrong');
    }
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
    if (token) await s.webSessions.revoke(token);
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
