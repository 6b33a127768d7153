import { SESSION_SECRET_ANSWER_HEADER, SESSION_SECRET_HEADER, SESSION_SECRET_PARAM, recorderBatchSchema } from '@loupe/schemas';
import type { Context } from 'hono';
import type { Hono } from 'hono';
import { rateLimitKey } from '../auth/require-access.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';

const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': `Content-Type, Content-Encoding, X-Loupe-Key, ${SESSION_SECRET_HEADER}`,
  'Access-Control-Max-Age': '600',
};

/** Origins the tenant allows; empty means any, until the deployment or the admin narrows it. */
async function allowedOrigins(s: Services, tenantId: string, keyOrigins: readonly string[]): Promise<string[]> {
  const settings = await s.settings.get(tenantId);
  return [...s.config.LOUPE_SITE_ORIGINS, ...settings.siteOrigins, ...keyOrigins];
}

function allowCors(c: Context, origin: string | undefined): void {
  if (!origin) return;
  c.header('Access-Control-Allow-Origin', origin);
  // The recorder backs off as long as the collector asks; a browser hides the header unless exposed.
  c.header('Access-Control-Expose-Headers', `Retry-After, ${SESSION_SECRET_ANSWER_HEADER}`);
  c.header('Vary', 'Origin');
}

/** The site key, from the header or, for `sendBeacon` which cannot set headers, the query string. */
const siteKeyOf = (c: Context) => c.req.header('x-loupe-key') ?? c.req.query('key');

export function registerIngest(app: Hono<AppEnv>, s: Services): void {
  app.options('/v1/ingest', async (c) => {
    const origin = c.req.header('origin');
    const secret = siteKeyOf(c);
    const key = secret ? await s.keys.verify(secret) : null;
    const allowed = key ? await allowedOrigins(s, key.tenantId, key.allowedOrigins) : s.config.LOUPE_SITE_ORIGINS;
    if (origin && (allowed.length === 0 || allowed.includes(origin))) {
      allowCors(c, origin);
      for (const [k, v] of Object.entries(CORS_HEADERS)) c.header(k, v);
    }
    return c.body(null, 204);
  });

  app.post('/v1/ingest', async (c) => {
    const origin = c.req.header('origin');
    const secret = siteKeyOf(c);
    // A refused key is readable by the page, so the recorder stops instead of retrying forever;
    // the answer says nothing of any tenant.
    const refuseKey = (code: string, message: string) => {
      allowCors(c, origin);
      return new ApiError(401, code, message);
    };
    if (!secret) throw refuseKey('MISSING_KEY', 'send the site key in the X-Loupe-Key header or the key query parameter');
    const key = await s.keys.verify(secret);
    if (!key || !key.scopes.includes('ingest')) throw refuseKey('INVALID_KEY', 'the site key is unknown, expired or deleted');
    const allowed = await allowedOrigins(s, key.tenantId, key.allowedOrigins);
    if (origin && allowed.length > 0 && !allowed.includes(origin)) {
      throw new ApiError(403, 'ORIGIN_NOT_ALLOWED', `origin ${origin} is not allowed for this site key`);
    }
    allowCors(c, origin);
    rateLimitKey(s, key.id);
    c.set('caller', { tenantId: key.tenantId, keyId: key.id, kind: key.kind, scopes: key.scopes });
    const body = await readBody(c.req.raw, { maxBytes: s.config.LOUPE_MAX_BODY_BYTES, maxInflatedBytes: 8 * s.config.LOUPE_MAX_BODY_BYTES, maxDepth: 64 });
    const parsed = recorderBatchSchema(s.now).safeParse(body);
    if (!parsed.success) throw invalid(parsed.error);
    // Later seqs only from the recorder that started the session (the secret its first 202 carried).
    const { issued } = await s.sessionBindings.admit(key.tenantId, parsed.data, c.req.header(SESSION_SECRET_HEADER) ?? c.req.query(SESSION_SECRET_PARAM));
    const outcome = await s.durable.recorderBatch(key.tenantId, parsed.data);
    if (outcome === 'duplicate') s.metrics.duplicates.inc();
    if (issued) c.header(SESSION_SECRET_ANSWER_HEADER, issued);
    return c.json(
      {
        stored: true,
        duplicate: outcome === 'duplicate',
        spooled: outcome === 'spooled',
        events: parsed.data.events.length,
        replay: parsed.data.replay.length,
        ...(issued ? { sessionSecret: issued } : {}),
      },
      202,
    );
  });
}
