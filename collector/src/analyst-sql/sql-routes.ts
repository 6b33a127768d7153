import { Hono } from 'hono';
import { z } from 'zod';
import { BODY_LIMITS } from '../http/body-limits.ts';
import type { AppEnv } from '../http/caller.ts';
import { requireAccess, type AccessDeps } from '../http/require-access.ts';
import { validBody } from '../http/validate.ts';
import type { Services } from '../services.ts';
import { runAnalystSql } from './run-analyst-sql.ts';

export const sqlRequest = z.strictObject({ query: z.string().min(1).max(100_000) });

export type AnalystSqlDeps = AccessDeps & Pick<Services, 'client'>;

/**
 * Analysts' read-only SQL (admin scope): one SELECT over the caller's tenant's rows. A refused or
 * failed query is a 400 naming `query` (mapped in on-error.ts).
 */
export function analystSqlRoutes(s: AnalystSqlDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const admin = requireAccess(s, { scope: 'admin', permissions: ['admin'] });
  app.post('/v1/sql', admin, validBody(sqlRequest, BODY_LIMITS.sql()), async (c) => {
    const { query } = c.req.valid('json');
    const r = await runAnalystSql(s.client, c.get('caller').tenantId, query, { maxRows: 10_000, timeoutSeconds: 30 });
    return c.json({ items: r.rows, columns: r.columns, truncated: r.truncated });
  });
  return app;
}
