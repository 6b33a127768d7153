import { DEFAULT_KEY_SCOPES, KEY_SCOPES, toIso } from '@loupe/schemas';
import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import type { KeyRecord } from './key-store.ts';

export type ApiKeysDeps = RouteDeps & Pick<Services, 'keys'>;

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
  const on = routesOn(app, s);

  on(ROUTES.createApiKey, async (c) => {
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

  on(ROUTES.listApiKeys, async (c) => {
    const keys = await s.keys.list(c.get('caller').tenantId);
    return c.json({ items: keys.map(keyJson), next: null, scopes: KEY_SCOPES });
  });

  on(ROUTES.deleteApiKey, async (c) => {
    const { id } = c.req.valid('param');
    const ok = await s.keys.revoke(c.get('caller').tenantId, id);
    if (!ok) throw new ApiError(404, { code: 'NOT_FOUND', message: `no active key ${JSON.stringify(id)} in this tenant` });
    return c.body(null, 204);
  });
  return app;
}
