import { createTenantRequest } from '@loupe/schemas';
import type { Hono } from 'hono';
import { requireOperator } from '../http/require-access.ts';
import { provisionTenant } from './provision-tenant.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';

export function registerOperator(app: Hono<AppEnv>, s: Services): void {
  app.post('/v1/tenants', requireOperator(s), async (c) => {
    const p = createTenantRequest.safeParse(await readBody(c.req.raw, { maxBytes: 64 * 1024, maxInflatedBytes: 64 * 1024, maxDepth: 8 }));
    if (!p.success) throw invalid(p.error);
    if (p.data.tenantId && (await s.tenants.get(p.data.tenantId))) {
      throw new ApiError(409, 'TENANT_EXISTS', `tenant ${p.data.tenantId} already exists`, 'tenantId');
    }
    const t = await provisionTenant(s, p.data);
    return c.json({ tenantId: t.tenantId, adminKey: t.adminKey, siteKey: t.siteKey }, 201);
  });
}
