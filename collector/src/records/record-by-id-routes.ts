import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { ApiError } from '../http/api-error.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { BY_ID_SPECS, recordById } from './record-by-id.ts';
import { PLATFORM_FAMILIES } from './record-families.ts';

export type RecordByIdDeps = RouteDeps & Pick<Services, 'client' | 'users'>;

const ROWS = [ROUTES.auditEventById, ROUTES.changeAuditById, ROUTES.callLogById] as const;

/**
 * `GET /v1/<family>/:id`: the row a deep link names (`/call-logs?id=…` in the viewer), even when it
 * is far down its list. Mounted after the families' other routes (app.ts), so their fixed paths
 * (`/facets`, `/export.csv`) answer before this one sees them as ids.
 */
export function recordByIdRoutes(s: RecordByIdDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  for (const route of ROWS) {
    const family = route.path.replace('/:id', '');
    const spec = BY_ID_SPECS[family]!;
    const f = PLATFORM_FAMILIES.find((x) => x.path === family)!;
    on(route, async (c) => {
      const { id } = c.req.valid('param') as { id: string };
      const tenantId = c.get('caller').tenantId;
      const item = await recordById(s.client, spec, tenantId, id);
      if (!item) throw new ApiError(404, { code: 'NOT_FOUND', message: `no row ${JSON.stringify(id)} in this tenant` });
      // As its list answers it: ISO times, and audit events' user names.
      const json = f.toJson(item);
      const [one] = f.enrich ? await f.enrich(s, tenantId, [json]) : [json];
      return c.json(one);
    });
  }
  return app;
}
