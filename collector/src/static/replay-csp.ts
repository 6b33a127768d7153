import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../http/require-access.ts';
import type { Services } from '../services.ts';

/** An origin as the settings store them (schemas' webOrigin): scheme, host and port, nothing to misread. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/;

/**
 * The viewer's Content-Security-Policy, for one tenant. Recorded pages are rebuilt in rrweb's
 * sandboxed iframe (no `allow-scripts`), an about:blank frame, which lives under this document's
 * policy. So the policy is what decides where a replay may fetch from: images, stylesheets (and
 * their `@import`s), fonts and media only from the viewer itself and from `siteOrigins`, the sites
 * the tenant records. A forged recording naming any other origin (a tracking pixel, a CSS
 * background, a font) fetches nothing; `data:` and `blob:` URLs never leave the browser.
 */
export function viewerCsp(siteOrigins: readonly string[]): string {
  const sites = [...new Set(siteOrigins.filter((o) => ORIGIN.test(o)))].join(' ');
  const from = (...sources: string[]) => [...sources, sites].filter(Boolean).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${from("'self'", "'unsafe-inline'")}`,
    `img-src ${from("'self'", 'data:', 'blob:')}`,
    `font-src ${from("'self'", 'data:')}`,
    `media-src ${from("'self'", 'blob:')}`,
    "connect-src 'self'",
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export type ReplayCspDeps = Pick<Services, 'webSessions' | 'settings' | 'config'>;

/**
 * The policy for the person loading the viewer: their tenant's site origins (and the deployment's,
 * LOUPE_SITE_ORIGINS, which every tenant may record). Signed out, no site at all: the sign-in page
 * needs none, and the viewer reloads into its pages with the cookie.
 */
export async function viewerCspFor(s: ReplayCspDeps, c: Context): Promise<string> {
  const token = getCookie(c, SESSION_COOKIE);
  const session = token ? await s.webSessions.verify(token) : null;
  const tenantOrigins = session ? (await s.settings.get(session.tenantId)).siteOrigins : [];
  return viewerCsp(session ? [...s.config.LOUPE_SITE_ORIGINS, ...tenantOrigins] : []);
}
