import type { Context } from 'hono';
import { ApiError } from './api-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must prove they come from the viewer's own origin, whatever their
 * content type: a cross-site form or a `text/plain` fetch needs no CORS preflight, and SameSite
 * does not protect older browsers or same-site subdomains. Browsers send `Origin` on every
 * cross-origin and every same-origin non-GET fetch, and `Sec-Fetch-Site` beside it; a write
 * with neither is not from a browser page of ours, so it is refused too.
 */
export function assertSameOrigin(c: Context): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    if (origin === new URL(c.req.url).origin) return;
    throw new ApiError(403, { code: 'CROSS_SITE', message: 'cross-site requests are refused' });
  }
  if (c.req.header('sec-fetch-site') === 'same-origin') return;
  const message =
    'a signed-in write must carry an Origin header of this site (browsers send it); integrations use an API key';
  throw new ApiError(403, { code: 'CROSS_SITE', message });
}

/**
 * For sign-in, which has no cookie to protect yet: refuses only what is plainly another site's
 * page (a foreign Origin, or Sec-Fetch-Site saying so), so a page cannot sign the viewer in to
 * the attacker's account; scripts and tools that send neither still sign in.
 */
export function assertNotCrossSite(c: Context): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const foreign =
    (origin !== undefined && origin !== new URL(c.req.url).origin) || site === 'cross-site' || site === 'same-site';
  if (foreign) throw new ApiError(403, { code: 'CROSS_SITE', message: 'cross-site requests are refused' });
}
