import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { heatmap } from './heatmap-query.ts';

export type HeatmapDeps = RouteDeps & Pick<Services, 'client'>;

/** Click heatmaps (issue 17): clicks per cell of one page over a time range, for the viewer's heatmap page. */
export function heatmapRoutes(s: HeatmapDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  routesOn(app, s)(ROUTES.heatmap, async (c) =>
    c.json(await heatmap(s.client, c.get('caller').tenantId, c.req.valid('query'))),
  );
  return app;
}
