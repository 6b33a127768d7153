import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { callLogsOverview, sessionsOverview } from './overview-queries.ts';

export type OverviewDeps = RouteDeps & Pick<Services, 'client'>;

/**
 * The viewer's overview charts: GROUP BY queries over the caller's tenant for a time range, so a
 * chart never pulls rows. One route per record family, each behind that family's permission.
 */
export function overviewRoutes(s: OverviewDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  const range = (r: { from: number; to: number; timeZone: string }) => ({
    from: new Date(r.from).toISOString(),
    to: new Date(r.to).toISOString(),
    timeZone: r.timeZone,
  });
  on(ROUTES.sessionsOverview, async (c) => {
    const r = c.req.valid('query');
    return c.json({ ...range(r), ...(await sessionsOverview(s.client, c.get('caller').tenantId, r)) });
  });
  on(ROUTES.callLogsOverview, async (c) => {
    const r = c.req.valid('query');
    return c.json({ ...range(r), ...(await callLogsOverview(s.client, c.get('caller').tenantId, r)) });
  });
  return app;
}
