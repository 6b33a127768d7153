import { DEFAULT_KEY_SCOPES, KEY_SCOPES, toIso } from '@loupe/schemas';
import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { auditKey } from './audit-key.ts';
import { assertMayGrantScopes, assertMayManage, creatorOf, grantableExpiry } from './ceiling.ts';
import type { KeyRecord } from './key-store.ts';

export type ApiKeysDeps = RouteDeps & Pick<Services, 'keys' | 'users' | 'writer'>;

const keyJson = (k: KeyRecord, names: ReadonlyMap<string, string> = new Map()) => ({
  id: k.id,
  prefix: k.prefix,
  description: k.description,
  kind: k.kind,
  scopes: k.scopes,
  createdAt: toIso(k.createdAt),
  expiresAt: k.expiresAt === null ? null : toIso(k.expiresAt),
  lastUsedAt: k.lastUsedAt ? toIso(k.lastUsedAt) : null,
  // Whose key it is: it acts with this role at most, and dies with this user (null: the operator's or set-up's).
  createdBy: { userId: k.createdBy, username: (k.createdBy && names.get(k.createdBy)) ?? null, role: k.role },
});

/** The tenant's usernames by id, to name who made each key (a deleted maker's keys are gone with them). */
const usernames = async (s: ApiKeysDeps, tenantId: string) =>
  new Map((await s.users.list(tenantId)).map((u) => [u.id, u.username]));

/** Seed 000: "1 Month, 1 Year or Custom". Calendar months and years, in UTC. */
function expiryOf(validFor: '1m' | '1y' | 'custom', expiresAt: string | undefined, now: number): number {
  if (validFor === 'custom') return Date.parse(expiresAt!);
  const d = new Date(now);
  if (validFor === '1m') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

const noKey = (id: string) =>
  new ApiError(404, { code: 'NOT_FOUND', message: `no active key ${JSON.stringify(id)} in this tenant` });

/**
 * The tenant's API keys (seed 000): made with a description and a validity, listed by prefix, revoked.
 * A key acts with its maker's role at most (ceiling.ts), and every creation and revocation is audited.
 */
export function apiKeysRoutes(s: ApiKeysDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);

  on(ROUTES.createApiKey, async (c) => {
    const body = c.req.valid('json');
    const expiresAt = expiryOf(body.validFor, body.expiresAt, s.now());
    if (expiresAt <= s.now()) {
      throw new ApiError(400, {
        code: 'INVALID_FIELD',
        message: 'expiresAt: must lie in the future',
        path: 'expiresAt',
      });
    }
    const caller = c.get('caller');
    const scopes = body.scopes ?? DEFAULT_KEY_SCOPES;
    assertMayGrantScopes(caller, scopes);
    const { record, key } = await s.keys.create(caller.tenantId, {
      kind: 'api',
      description: body.description,
      scopes,
      expiresAt: grantableExpiry(caller, expiresAt),
      creator: creatorOf(caller),
    });
    await auditKey(s, caller, 'apiKeyCreated', record);
    // The only time the key itself leaves the collector: only its hash is stored.
    return c.json({ ...keyJson(record, await usernames(s, caller.tenantId)), key }, 201);
  });

  on(ROUTES.listApiKeys, async (c) => {
    const tenantId = c.get('caller').tenantId;
    const [keys, names] = await Promise.all([s.keys.list(tenantId), usernames(s, tenantId)]);
    return c.json({ items: keys.map((k) => keyJson(k, names)), next: null, scopes: KEY_SCOPES });
  });

  on(ROUTES.deleteApiKey, async (c) => {
    const { id } = c.req.valid('param');
    const caller = c.get('caller');
    const target = (await s.keys.list(caller.tenantId)).find((k) => k.id === id);
    if (!target) throw noKey(id);
    // Revoking an Owner's key would be taking away what only an Owner may manage.
    assertMayManage(caller, target);
    if (!(await s.keys.revoke(caller.tenantId, target.id))) throw noKey(id);
    await auditKey(s, caller, 'apiKeyRevoked', target);
    return c.body(null, 204);
  });
  return app;
}
