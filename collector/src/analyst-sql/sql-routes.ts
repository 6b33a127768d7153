import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { SqlBusyError, SqlFailedError } from './errors.ts';
import { analystTable, tablesOpenTo } from './analyst-tables.ts';
import { asEngineError } from './clickhouse-error.ts';
import { newReadonlySecret, readonlyUserName, readonlyUserStatements } from './readonly-user.ts';
import { runAnalystSql } from './run-analyst-sql.ts';
import { TenantSlots } from './tenant-slots.ts';

export type AnalystSqlDeps = RouteDeps & Pick<Services, 'client' | 'cluster'>;

/** Analyst queries one tenant may have running or waiting at once; more is a 429 SQL_BUSY. */
const PER_TENANT = 2;

/**
 * Analysts' read-only SQL (admin scope): one SELECT over the caller's tenant's rows, of the tables
 * the caller's role may read (an API key's role is its ceiling, its maker's role). A caller who
 * hangs up has its query cancelled. Refusals and failures map to HTTP in on-error.ts.
 */
export function analystSqlRoutes(s: AnalystSqlDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  const slots = new TenantSlots(PER_TENANT);
  on(ROUTES.runSql, async (c) => {
    const { query } = c.req.valid('json');
    const caller = c.get('caller');
    const release = slots.take(caller.tenantId);
    if (!release) throw new SqlBusyError(slots.perTenant);
    // A query the engine goes on computing after its caller was answered keeps its slot until it is done.
    let running: Promise<unknown> | undefined;
    try {
      const opts = { maxRows: 10_000, timeoutSeconds: 30 };
      const who = { role: caller.role, signal: c.req.raw.signal };
      const r = await runAnalystSql(s.client, caller.tenantId, query, opts, who);
      return c.json({ items: r.rows, columns: r.columns, truncated: r.truncated });
    } catch (e) {
      if (e instanceof SqlFailedError) running = e.running;
      throw e;
    } finally {
      if (running) void running.finally(release);
      else release();
    }
  });
  on(ROUTES.sqlSchema, (c) => {
    const tables = tablesOpenTo(c.get('caller').role).map(analystTable);
    return c.json({
      tables: tables.map(({ name, description, columns }) => ({
        name,
        description,
        columns: columns.map(({ name: n, type, description: d }) => ({ name: n, type, description: d })),
      })),
    });
  });
  on(ROUTES.createClickhouseUser, async (c) => {
    // chDB has no users, grants or row policies: only a ClickHouse server can hold them.
    if (!s.config.CLICKHOUSE_URL) {
      throw new ApiError(501, {
        code: 'SERVER_MODE_ONLY',
        message: 'ClickHouse users exist only in server mode (CLICKHOUSE_URL); the embedded engine has none',
      });
    }
    const caller = c.get('caller');
    const tables = tablesOpenTo(caller.role);
    const database = (
      await (await s.client.query({ query: 'SELECT currentDatabase() AS db', format: 'JSON' })).json<{ db: string }>()
    ).data[0]!.db;
    const secret = newReadonlySecret();
    const spec = { tenantId: caller.tenantId, database, tables, ...secret, cluster: s.cluster?.cluster };
    try {
      for (const query of readonlyUserStatements(spec)) await s.client.command({ query });
    } catch (e) {
      // Typically the collector's own ClickHouse user lacks ACCESS MANAGEMENT: the operator's to grant.
      const engine = asEngineError(e);
      if (!engine) throw e;
      throw new ApiError(409, {
        code: 'CLICKHOUSE_REFUSED',
        message: `ClickHouse refused to create the user (${engine.type}): ${engine.message}`,
        cause: e,
      });
    }
    return c.json({ username: readonlyUserName(caller.tenantId), password: secret.password, database, tables }, 201);
  });
  return app;
}
