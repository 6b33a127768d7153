import type { Hono } from 'hono';
import { z } from 'zod';
import { requireAccess } from '../http/require-access.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';
import { SqlFailedError, SqlRejectedError, runAnalystSql } from './index.ts';

export const sqlRequest = z.strictObject({ query: z.string().min(1).max(100_000) });

/** Analysts' read-only SQL (admin scope): one SELECT over the caller's tenant's rows. */
export function registerSql(app: Hono<AppEnv>, s: Services): void {
  app.post('/v1/sql', requireAccess(s, { scope: 'admin', permissions: ['admin'] }), async (c) => {
    const p = sqlRequest.safeParse(await readBody(c.req.raw, { maxBytes: 256 * 1024, maxInflatedBytes: 256 * 1024, maxDepth: 4 }));
    if (!p.success) throw invalid(p.error);
    try {
      const r = await runAnalystSql(s.client, c.get('caller').tenantId, p.data.query, { maxRows: 10_000, timeoutSeconds: 30 });
      return c.json({ items: r.rows, columns: r.columns, truncated: r.truncated });
    } catch (e) {
      if (e instanceof SqlRejectedError) throw new ApiError(400, e.code, e.message, 'query');
      if (e instanceof SqlFailedError) throw new ApiError(400, e.code, e.message, 'query');
      throw e;
    }
  });
}
