import type { ClickHouseClient, ResponseJSON } from '@clickhouse/client';
import type { Role } from '@loupe/schemas';
import { randomUUID } from 'node:crypto';
import { ANALYST_QUERY_ID_PREFIX } from '../storage/analyst-lane.ts';
import { analystSettings, assertOptions, type AnalystSqlOptions } from './analyst-settings.ts';
import { analystTable, tablesOpenTo } from './analyst-tables.ts';
import { AstDumpError, parseAstDump } from './ast-dump.ts';
import { checkAst } from './check-ast.ts';
import { checkQueryTree } from './check-query-tree.ts';
import { answerMetaQuery } from './describe-tables.ts';
import { asEngineError, toFailure } from './clickhouse-error.ts';
import { SqlFailedError, SqlRejectedError } from './errors.ts';
import { normalizeQuery, type NormalizedQuery } from './normalize-query.ts';
import { queryJson } from './query-json.ts';
import { AbandonedQueryError, runKillable } from './run-killable.ts';
import { scopeToTenant } from './tenant-scope.ts';

/** How far past its own time limit a query may go (waiting for its turn included) before it is killed. */
const WALL_CLOCK_FACTOR = 2;

export interface AnalystSqlResult {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** More rows matched than `maxRows`; only the first `maxRows` are in `rows`. */
  truncated: boolean;
}

/** Who asks, beyond the tenant: the role that limits the tables, and the request that may hang up. */
export interface AnalystCaller {
  /** A person's role, or the role an API key carries; none means every analyst table (the key's `admin` scope). */
  role?: Role;
  /** Aborted when the caller hangs up: a statement not yet started is dropped, a running one killed. */
  signal?: AbortSignal;
}

/**
 * Proves `sql` is one SELECT over tables the caller may read using ClickHouse's own parser, then
 * runs it where those names mean only `tenantId`'s rows. `DESCRIBE <table>` and `SHOW TABLES` are
 * answered after step 1 from the declared columns (describe-tables.ts), without running anything.
 *
 * 1. formatQuery, with the text as a bound parameter: one statement, printed back canonically.
 * 2. EXPLAIN AST of that inside a subquery, which ClickHouse accepts only for a SELECT without
 *    FORMAT or INTO OUTFILE; its tree must hold only the caller's tables, unqualified, and no table
 *    functions, SETTINGS, storage clauses (PREWHERE, FINAL, SAMPLE), virtual columns or functions
 *    that read outside the rows.
 * 3. The query is put inside one CTE per table of the tenant's rows (tenant-scope.ts), and
 *    EXPLAIN QUERY TREE of that shows every table read is such a CTE's.
 * 4. That query runs, its SETTINGS (limits, readonly) unambiguously the outermost query's.
 *
 * Every statement runs in the analysts' lane (storage/analyst-lane.ts), never in front of a write.
 */
export async function runAnalystSql(
  client: ClickHouseClient,
  tenantId: string,
  sql: string,
  opts: AnalystSqlOptions,
  caller: AnalystCaller = {},
): Promise<AnalystSqlResult> {
  assertOptions(opts);
  const runId = `${ANALYST_QUERY_ID_PREFIX}${randomUUID()}`;
  const step = (name: string) => `${runId}-${name}`;
  const tables = tablesOpenTo(caller.role);
  // A wall clock over the whole request, queueing included: ClickHouse checks its own time limit
  // only between blocks, so a query stuck inside one is killed from outside once this passes.
  const deadline = AbortSignal.timeout(opts.timeoutSeconds * 1000 * WALL_CLOCK_FACTOR);
  const signal = caller.signal ? AbortSignal.any([caller.signal, deadline]) : deadline;

  const query = await normalizeQuery(client, sql, step('parse'));
  const meta = answerMetaQuery(query, tables, caller.role);
  if (meta) return { ...meta, truncated: false };
  checkAst(await explainAst(client, query, step('ast'), signal), query, { tables, role: caller.role });
  const scoped = scopeToTenant(query.sql, tenantId, query.database, tables.map(analystTable));
  checkQueryTree(await explainQueryTree(client, scoped, sql, opts, step('tree'), signal), query.database, tables);

  let result: ResponseJSON<Record<string, unknown>>;
  try {
    result = await runKillable(
      client,
      runId,
      () => queryJson(client, `${scoped} ${analystSettings(opts, 'run', runId)}`, step('run'), undefined, signal),
      signal,
    );
  } catch (e) {
    const running = e instanceof AbandonedQueryError ? e.running : undefined;
    if (deadline.aborted) {
      throw new SqlFailedError(
        'SQL_TIMEOUT',
        'the query ran past its time limit',
        { code: '159', type: 'TIMEOUT_EXCEEDED' },
        running,
      );
    }
    if (signal.aborted) {
      throw new SqlFailedError(
        'SQL_FAILED',
        'the query was cancelled',
        { code: '394', type: 'QUERY_WAS_CANCELLED' },
        running,
      );
    }
    throw toFailure(e, sql);
  }
  return {
    columns: result.meta?.map(({ name, type }) => ({ name, type })) ?? [],
    rows: result.data.slice(0, opts.maxRows),
    truncated: result.data.length > opts.maxRows,
  };
}

async function explainAst(client: ClickHouseClient, query: NormalizedQuery, queryId: string, signal?: AbortSignal) {
  let lines: string[];
  try {
    const sql = `SELECT explain FROM (EXPLAIN AST ${query.sql})`;
    const result = await queryJson<{ explain: string }>(client, sql, queryId, undefined, signal);
    lines = result.data.map((r) => r.explain);
  } catch (e) {
    const engine = asEngineError(e);
    if (!engine) throw e;
    throw new SqlRejectedError(explainRefusal(engine.message, query.bare));
  }
  try {
    return parseAstDump(lines);
  } catch (e) {
    if (e instanceof AstDumpError) throw new SqlRejectedError(`the query could not be checked: ${e.message}`);
    throw e;
  }
}

/** ClickHouse's refusals of EXPLAIN-in-a-subquery, said in terms of the analyst's query. */
function explainRefusal(message: string, bare: string): string {
  if (message.includes('supports only SELECT')) {
    const verb = /^[A-Z]+/.exec(bare)?.[0];
    return verb ? `only SELECT statements are allowed, not ${verb}` : 'only SELECT statements are allowed';
  }
  if (message.includes('cannot have output options')) {
    // Keywords are printed upper-case, and quoted text is blanked, so a match is the clause itself.
    return / INTO OUTFILE /.test(bare) ? 'INTO OUTFILE is not allowed' : 'FORMAT is not allowed in the query';
  }
  if (message.includes('Substitution')) return 'query parameters ({name:Type}) are not allowed';
  return `the query could not be checked: ${message}`;
}

/** Analysing runs scalar subqueries, so it gets the limits too, and only ever sees the scoped query. */
async function explainQueryTree(
  client: ClickHouseClient,
  scoped: string,
  sql: string,
  opts: AnalystSqlOptions,
  queryId: string,
  signal?: AbortSignal,
): Promise<string[]> {
  try {
    const settings = analystSettings(opts, 'explain', queryId);
    const explain = `SELECT explain FROM (EXPLAIN QUERY TREE ${scoped}) ${settings}`;
    const result = await queryJson<{ explain: string }>(client, explain, queryId, undefined, signal);
    return result.data.map((r) => r.explain);
  } catch (e) {
    // The analyser's verdicts (unknown column, wrong types) are the analyst's to fix.
    throw toFailure(e, sql);
  }
}
