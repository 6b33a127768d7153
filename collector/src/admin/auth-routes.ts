import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { clientAddress } from '../http/client-address.ts';
import { assertNotCrossSite, assertSameOrigin } from '../http/csrf.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { SESSION_COOKIE } from '../http/require-access.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { recordAction } from './record-action.ts';
import { userJson } from './user-json.ts';
import { WEB_SESSION_MS } from './web-sessions.ts';

export type AuthDeps = RouteDeps & Pick<Services, 'signIn' | 'writer' | 'now'>;

/** The viewer's sign-in: a password for an HttpOnly, SameSite=Strict session cookie. */
export function authRoutes(s: AuthDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  // Unknown names are checked against this, so they cost the same scrypt as known ones.
  const dummyHash = hashPassword(randomBytes(16).toString('base64url'));

  on(ROUTES.login, async (c) => {
    // Another site's page must not sign the viewer in to an attacker's account (login CSRF).
    assertNotCrossSite(c);
    const body = c.req.valid('json');
    const tenantId = body.tenant ?? s.config.LOUPE_DEFAULT_TENANT;
    const address = clientAddress(c, s.config.LOUPE_TRUST_PROXY);
    const name = `${tenantId}\u0000${body.username}`;
    const verdict = s.signIn.check(address, name);
    if (!verdict.ok) {
      const wait = verdict.retryAfterSeconds;
      const message = `too many sign-in attempts; retry in ${wait} s`;
      throw new ApiError(429, { code: 'RATE_LIMITED', message, headers: { 'Retry-After': String(wait) } });
    }
    if (verdict.delayMs) await setTimeout(verdict.delayMs);
    const found = await s.users.findForSignIn(tenantId, body.username);
    // One answer, and one scrypt, for an unknown user and a wrong password, so names cannot be probed.
    const ok = await verifyPassword(body.password, found?.passwordHash ?? (await dummyHash));
    if (!found || !ok) {
      s.signIn.failed(address, name);
      throw new ApiError(401, { code: 'BAD_CREDENTIALS', message: 'the username or password is wrong' });
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
    const u = found.user;
    const person = { tenantId: u.tenantId, kind: 'user' as const, keyId: '', userId: u.id, role: u.role, scopes: [] };
    await recordAction(s, person, { type: 'LOGGED_IN', data: {} });
    return c.json({ user: userJson(found.user), expiresAt: new Date(expiresAt).toISOString() });
  });

  on(ROUTES.logout, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      // A cross-site page must not sign the viewer out either.
      assertSameOrigin(c);
      await s.webSessions.revoke(token);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  on(ROUTES.me, async (c) => {
    const caller = c.get('caller');
    if (caller.kind !== 'user') {
      throw new ApiError(400, {
        code: 'NOT_A_PERSON',
        message: 'this route answers for a signed-in person, not an API key',
      });
    }
    const user = await s.users.get(caller.tenantId, caller.userId!);
    return c.json({ user: userJson(user!) });
  });
  return app;
}
