import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { runAnalystSql } from './run-analyst-sql.ts';

export type AnalystSqlDeps = RouteDeps & Pick<Services, 'client'>;

/**
 * Analysts' read-only SQL (admin scope): one SELECT over the caller's tenant's rows. A refused or
 * failed query is a 400 naming `query` (mapped in on-error.ts).
 */
export function analystSqlRoutes(s: AnalystSqlDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  on(ROUTES.runSql, async (c) => {
    const { query } = c.req.valid('json');
    const r = await runAnalystSql(s.client, c.get('caller').tenantId, query, { maxRows: 10_000, timeoutSeconds: 30 });
    return c.json({ items: r.rows, columns: r.columns, truncated: r.truncated });
  });
  return app;
}
