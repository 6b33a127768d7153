import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { callLogFacets } from './call-log-facets.ts';

export type CallLogFacetsDeps = RouteDeps & Pick<Services, 'client'>;

/** The names the call-log filters offer (seed 001: "all the bots that are present in the account"). */
export function callLogFacetsRoutes(s: CallLogFacetsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  routesOn(app, s)(ROUTES.callLogFacets, async (c) => c.json(await callLogFacets(s.client, c.get('caller').tenantId)));
  return app;
}
