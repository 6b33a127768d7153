import type { Hono } from 'hono';
import { z } from 'zod';
import { requireAccess } from '../auth/require-access.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';
import { SqlFailedError, SqlForbiddenError, SqlRejectedError, TenantSlots, runAnalystSql } from '../sql/index.ts';

export const sqlRequest = z.strictObject({ query: z.string().min(1).max(100_000) });

/**
 * Analysts' read-only SQL (admin scope): one SELECT over the caller's tenant's rows, of the tables
 * the caller's role may read (an API key's role, once keys carry one; without, its scopes decide).
 * A caller who hangs up has its query cancelled.
 */
export function registerSql(app: Hono<AppEnv>, s: Services): void {
  const slots = new TenantSlots(2);
  app.post('/v1/sql', requireAccess(s, { scope: 'admin', permissions: ['admin'] }), async (c) => {
    const p = sqlRequest.safeParse(await readBody(c.req.raw, { maxBytes: 256 * 1024, maxInflatedBytes: 256 * 1024, maxDepth: 4 }));
    if (!p.success) throw invalid(p.error);
    const caller = c.get('caller');
    const release = slots.take(caller.tenantId);
    if (!release) {
      const message = `${slots.perTenant} queries of this tenant are already running or waiting; retry when one ends`;
      throw new ApiError(429, 'SQL_BUSY', message, undefined, { 'Retry-After': '5' });
    }
    // A query the engine goes on computing after its caller was answered keeps its slot until it is done.
    let running: Promise<unknown> | undefined;
    try {
      const r = await runAnalystSql(s.client, caller.tenantId, p.data.query, { maxRows: 10_000, timeoutSeconds: 30 }, {
        role: caller.role,
        signal: c.req.raw.signal,
      });
      return c.json({ items: r.rows, columns: r.columns, truncated: r.truncated });
    } catch (e) {
      if (e instanceof SqlForbiddenError) throw new ApiError(403, e.code, e.message, 'query');
      if (e instanceof SqlRejectedError) throw new ApiError(400, e.code, e.message, 'query');
      if (e instanceof SqlFailedError) {
        running = e.running;
        // ClickHouse's own code and name, for looking the error up; the message holds no row values.
        const engine = e.clickhouse ? ` (ClickHouse error ${e.clickhouse.code}, ${e.clickhouse.type})` : '';
        throw new ApiError(400, e.code, `${e.message}${engine}`, 'query');
      }
      throw e;
    } finally {
      if (running) void running.finally(release);
      else release();
    }
  });
}
