import { DEFAULT_KEY_SCOPES, KEY_SCOPES, createApiKeyRequest, toIso } from '@loupe/schemas';
import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import { BODY_LIMITS } from '../http/body-limits.ts';
import type { AppEnv } from '../http/caller.ts';
import { requireAccess, type AccessDeps } from '../http/require-access.ts';
import { validBody } from '../http/validate.ts';
import type { Services } from '../services.ts';
import type { KeyRecord } from './key-store.ts';

export type ApiKeysDeps = AccessDeps & Pick<Services, 'now'>;

const keyJson = (k: KeyRecord) => ({
  id: k.id,
  prefix: k.prefix,
  description: k.description,
  kind: k.kind,
  scopes: k.scopes,
  createdAt: toIso(k.createdAt),
  expiresAt: k.expiresAt === null ? null : toIso(k.expiresAt),
  lastUsedAt: k.lastUsedAt ? toIso(k.lastUsedAt) : null,
});

/** Seed 000: "1 Month, 1 Year or Custom". Calendar months and years, in UTC. */
function expiryOf(validFor: '1m' | '1y' | 'custom', expiresAt: string | undefined, now: number): number {
  if (validFor === 'custom') return Date.parse(expiresAt!);
  const d = new Date(now);
  if (validFor === '1m') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

/** The tenant's API keys (seed 000): made with a description and a validity, listed by prefix, revoked. */
export function apiKeysRoutes(s: ApiKeysDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const admin = requireAccess(s, { scope: 'admin', permissions: ['admin'] });

  app.post('/v1/api-keys', admin, validBody(createApiKeyRequest, BODY_LIMITS.admin()), async (c) => {
    const body = c.req.valid('json');
    const expiresAt = expiryOf(body.validFor, body.expiresAt, s.now());
    if (expiresAt <= s.now()) {
      throw new ApiError(400, { code: 'INVALID_FIELD', message: 'expiresAt: must lie in the future', path: 'expiresAt' });
    }
    const { record, key } = await s.keys.create(c.get('caller').tenantId, {
      kind: 'api',
      description: body.description,
      scopes: body.scopes ?? DEFAULT_KEY_SCOPES,
      expiresAt,
    });
    // The only time the key itself leaves the collector: only its hash is stored.
    return c.json({ ...keyJson(record), key }, 201);
  });

  app.get('/v1/api-keys', admin, async (c) => {
    const keys = await s.keys.list(c.get('caller').tenantId);
    return c.json({ items: keys.map(keyJson), next: null, scopes: KEY_SCOPES });
  });

  app.delete('/v1/api-keys/:id', admin, async (c) => {
    const ok = await s.keys.revoke(c.get('caller').tenantId, c.req.param('id'));
    if (!ok) throw new ApiError(404, { code: 'NOT_FOUND', message: `no active key ${JSON.stringify(c.req.param('id'))} in this tenant` });
    return c.body(null, 204);
  });
  return app;
}
