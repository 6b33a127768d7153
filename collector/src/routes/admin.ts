import { CALL_LOG_TABLE, mutationTarget, KEY_SCOPES, DEFAULT_KEY_SCOPES, createApiKeyRequest, tenantSettings, toIso } from '@loupe/schemas';
import type { Hono } from 'hono';
import { assertMayGrantScopes, grantableExpiry, assertMayManage, creatorOf } from '../auth/ceiling.ts';
import { requireAccess } from '../auth/require-access.ts';
import { auditKey } from '../control/audit-key.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { readBody } from '../http/read-body.ts';
import type { KeyRecord } from '../control/key-store.ts';
import type { Services } from '../services.ts';
import { recordAction } from '../control/record-action.ts';

const SMALL_BODY = { maxBytes: 64 * 1024, maxInflatedBytes: 64 * 1024, maxDepth: 8 };

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
const usernames = async (s: Services, tenantId: string) => new Map((await s.users.list(tenantId)).map((u) => [u.id, u.username]));

/** Seed 000: "1 Month, 1 Year or Custom". Calendar months and years, in UTC. */
function expiryOf(validFor: '1m' | '1y' | 'custom', expiresAt: string | undefined, now: number): number {
  if (validFor === 'custom') return Date.parse(expiresAt!);
  const d = new Date(now);
  if (validFor === '1m') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

export function registerAdmin(app: Hono<AppEnv>, s: Services): void {
  const admin = requireAccess(s, { scope: 'admin', permissions: ['admin'] });

  app.post('/v1/api-keys', admin, async (c) => {
    const p = createApiKeyRequest.safeParse(await readBody(c.req.raw, SMALL_BODY));
    if (!p.success) throw invalid(p.error);
    const expiresAt = expiryOf(p.data.validFor, p.data.expiresAt, s.now());
    if (expiresAt <= s.now()) throw new ApiError(400, 'INVALID_FIELD', 'expiresAt: must lie in the future', 'expiresAt');
    const caller = c.get('caller');
    const scopes = p.data.scopes ?? DEFAULT_KEY_SCOPES;
    assertMayGrantScopes(caller, scopes);
    const { record, key } = await s.keys.create(caller.tenantId, {
      kind: 'api',
      description: p.data.description,
      scopes,
      expiresAt: grantableExpiry(caller, expiresAt),
      creator: creatorOf(caller),
    });
    await auditKey(s, caller, 'apiKeyCreated', record);
    // The only time the key itself leaves the collector: only its hash is stored.
    return c.json({ ...keyJson(record, await usernames(s, caller.tenantId)), key }, 201);
  });

  app.get('/v1/api-keys', admin, async (c) => {
    const tenantId = c.get('caller').tenantId;
    const [keys, names] = await Promise.all([s.keys.list(tenantId), usernames(s, tenantId)]);
    return c.json({ items: keys.map((k) => keyJson(k, names)), next: null, scopes: KEY_SCOPES });
  });

  app.delete('/v1/api-keys/:id', admin, async (c) => {
    const caller = c.get('caller');
    const target = (await s.keys.list(caller.tenantId)).find((k) => k.id === c.req.param('id'));
    if (!target) throw new ApiError(404, 'NOT_FOUND', `no active key ${JSON.stringify(c.req.param('id'))} in this tenant`);
    // Revoking an Owner's key would be taking away what only an Owner may manage.
    assertMayManage(caller, target);
    if (!(await s.keys.revoke(caller.tenantId, target.id))) throw new ApiError(404, 'NOT_FOUND', `no active key ${JSON.stringify(target.id)} in this tenant`);
    await auditKey(s, caller, 'apiKeyRevoked', target);
    return c.body(null, 204);
  });

  app.get('/v1/settings', admin, async (c) => c.json(await s.settings.get(c.get('caller').tenantId)));

  app.put('/v1/settings', admin, async (c) => {
    const tenantId = c.get('caller').tenantId;
    const current = await s.settings.get(tenantId);
    // PUT takes the whole document or part of it; what is left out keeps its value.
    const p = tenantSettings.partial().safeParse(await readBody(c.req.raw, SMALL_BODY));
    if (!p.success) throw invalid(p.error);
    const next = { ...current, ...p.data };
    await s.settings.put(tenantId, next);
    if (next.callLogRetentionDays !== current.callLogRetentionDays) {
      // Rows keep their retention in a column (the TTL reads it), so a new period applies to stored rows too.
      await s.client.command({
        query: `ALTER TABLE ${mutationTarget(CALL_LOG_TABLE, s.cluster)} UPDATE retention_days = {days:UInt16} WHERE tenant_id = {t:String}`,
        query_params: { days: next.callLogRetentionDays, t: tenantId },
      });
    }
    await recordAction(s, c.get('caller'), { type: 'SETTINGS_CHANGE', data: { settings: p.data } });
    return c.json(next);
  });
}
