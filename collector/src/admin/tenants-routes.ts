import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { provisionTenant } from './provision-tenant.ts';

export type TenantsDeps = RouteDeps & Pick<Services, 'tenants' | 'settings'>;

/** The operator's route (LOUPE_OPERATOR_KEY): a new tenant with an admin key and a site key. */
export function tenantsRoutes(s: TenantsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  routesOn(app, s)(ROUTES.createTenant, async (c) => {
    const body = c.req.valid('json');
    if (body.tenantId && (await s.tenants.get(body.tenantId))) {
      throw new ApiError(409, {
        code: 'TENANT_EXISTS',
        message: `tenant ${body.tenantId} already exists`,
        path: 'tenantId',
      });
    }
    const t = await provisionTenant(s, body);
    return c.json({ tenantId: t.tenantId, adminKey: t.adminKey, siteKey: t.siteKey }, 201);
  });
  return app;
}
