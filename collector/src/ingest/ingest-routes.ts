import { SESSION_SECRET_ANSWER_HEADER, SESSION_SECRET_HEADER, SESSION_SECRET_PARAM } from '@loupe/schemas';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { verifyPresentedKey } from '../http/key-failures.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import { joinSession } from './join-route.ts';
import { cobrowsePageRoutes } from '../cobrowse/page-routes.ts';
import { joinTiming } from '../cobrowse/join-timing.ts';
import type { Services } from '../services.ts';
import { ingestLimits, type IngestLimits } from './ingest-limits.ts';
import { recorderBody } from './recorder-body.ts';

export type IngestDeps = RouteDeps &
  Pick<Services, 'settings' | 'durable' | 'metrics' | 'sessionBindings' | 'writeLoad' | 'cobrowse' | 'writer'>;

type SiteKey = NonNullable<Awaited<ReturnType<Services['keys']['verify']>>>;
type IngestEnv = AppEnv & { Variables: { siteKey: SiteKey | null } };

/** Origins the tenant allows; empty means any, until the deployment or the admin narrows it. */
async function allowedOrigins(s: IngestDeps, key: SiteKey): Promise<string[]> {
  const settings = await s.settings.get(key.tenantId);
  return [...s.config.LOUPE_SITE_ORIGINS, ...settings.siteOrigins, ...key.allowedOrigins];
}

/** The site key, from the header or, for `sendBeacon` which cannot set headers, the query string. */
const siteKeyOf = (c: Context) => c.req.header('x-loupe-key') ?? c.req.query('key');

/**
 * Verifies the presented site key once per request, for the CORS decision and the route alike,
 * under the flood throttle: an address presenting made-up keys is refused before any lookup.
 */
function siteKey(s: IngestDeps): MiddlewareHandler<IngestEnv> {
  return async function verifySiteKey(c, next) {
    const secret = siteKeyOf(c);
    c.set('siteKey', secret ? await verifyPresentedKey(s, c, secret) : null);
    await next();
  };
}

/**
 * Which page origin may read the answer. A preflight carries no X-Loupe-Key header, so it is
 * judged by the deployment's origins unless the key came in the query string. A refused key is
 * readable by the page, so the recorder stops instead of retrying forever (the answer says nothing
 * of any tenant); an origin the tenant does not allow gets no CORS headers, and the route refuses it.
 */
async function corsOrigin(s: IngestDeps, origin: string, c: Context<IngestEnv>): Promise<string | null> {
  if (!origin) return null;
  const key = c.get('siteKey');
  const usable = key?.scopes.includes('ingest');
  if (c.req.method !== 'OPTIONS' && !usable) return origin;
  const allowed = key ? await allowedOrigins(s, key) : s.config.LOUPE_SITE_ORIGINS;
  return allowed.length === 0 || allowed.includes(origin) ? origin : null;
}

/** The site key's checks: present, valid for ingest, from an allowed origin, within its address's rate. */
function siteKeyAccess(s: IngestDeps, limits: IngestLimits): MiddlewareHandler<IngestEnv> {
  return async function siteKeyAccess(c, next) {
    const key = c.get('siteKey');
    if (!siteKeyOf(c)) {
      throw new ApiError(401, {
        code: 'MISSING_KEY',
        message: 'send the site key in the X-Loupe-Key header or the key query parameter',
      });
    }
    if (!key?.scopes.includes('ingest')) {
      throw new ApiError(401, { code: 'INVALID_KEY', message: 'the site key is unknown, expired or deleted' });
    }
    const origin = c.req.header('origin');
    const allowed = await allowedOrigins(s, key);
    if (origin && allowed.length > 0 && !allowed.includes(origin)) {
      throw new ApiError(403, {
        code: 'ORIGIN_NOT_ALLOWED',
        message: `origin ${origin} is not allowed for this site key`,
      });
    }
    limits.address(c);
    // The keys page's "Last used": at most one write a minute per key and collector (KeyStore.touch).
    s.keys.touch(key.id);
    c.set('caller', { tenantId: key.tenantId, keyId: key.id, kind: key.kind, scopes: key.scopes });
    await next();
  };
}

/** Recorder batches (`POST /v1/ingest`), authenticated by a site key, from pages on other origins. */
export function ingestRoutes(s: IngestDeps): Hono<AppEnv> {
  const app = new Hono<IngestEnv>();
  // The same key check and CORS for a batch and for a co-browse join (join-route.ts).
  for (const path of ['/v1/ingest', '/v1/ingest/join', '/v1/ingest/cobrowse'])
    app.use(
      path,
      siteKey(s),
      cors({
        origin: (origin, c) => corsOrigin(s, origin, c as Context<IngestEnv>),
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Content-Encoding', 'X-Loupe-Key', SESSION_SECRET_HEADER],
        // The recorder backs off as long as the collector asks, and keeps the session secret of its
        // first batch; a browser hides both headers unless exposed.
        exposeHeaders: ['Retry-After', SESSION_SECRET_ANSWER_HEADER],
        maxAge: 600,
      }),
    );
  // Shed past the write limit before the body is read (the answer still carries CORS headers).
  app.on('POST', '/v1/ingest', s.writeLoad.admit());
  // The site key travels in a context variable of this feature only; the rest of the app sees AppEnv.
  const routes = app as unknown as Hono<AppEnv>;
  const limits = ingestLimits(s.config, s.now);
  const access = siteKeyAccess(s, limits) as unknown as MiddlewareHandler<AppEnv>;
  routesOn(routes, s)(
    ROUTES.ingest,
    async (c) => {
      const batch = c.req.valid('json');
      const tenantId = c.get('caller').tenantId;
      limits.session(tenantId, batch.sessionId);
      // Later seqs only from the recorder that started the session (the secret its first 202 carried).
      const secret = c.req.header(SESSION_SECRET_HEADER) ?? c.req.query(SESSION_SECRET_PARAM);
      const { issued, bound: binding } = await s.sessionBindings.admit(tenantId, batch, secret);
      const outcome = await s.durable.recorderBatch(tenantId, batch);
      await binding;
      if (outcome === 'duplicate') s.metrics.duplicates.inc();
      if (issued) c.header(SESSION_SECRET_ANSWER_HEADER, issued);
      joinTiming(c, s.cobrowse.joinWaiting(tenantId, batch.sessionId), batch.sessionId);
      const counts = { events: batch.events.length, replay: batch.replay.length };
      const bound = issued ? { sessionSecret: issued } : {};
      const flags = { stored: true as const, duplicate: outcome === 'duplicate', spooled: outcome === 'spooled' };
      return c.json({ ...flags, ...counts, ...bound }, 202);
    },
    access,
    recorderBody,
  );
  routesOn(routes, s)(ROUTES.joinSession, joinSession(s), access);
  cobrowsePageRoutes(routes, s, access);
  return routes;
}
