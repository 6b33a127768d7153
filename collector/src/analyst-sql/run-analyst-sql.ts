import type { ClickHouseClient } from '@clickhouse/client';
import { analystSettings, assertOptions, type AnalystSqlOptions } from './analyst-settings.ts';
import { AstDumpError, parseAstDump } from './ast-dump.ts';
import { checkAst } from './check-ast.ts';
import { checkQueryTree } from './check-query-tree.ts';
import { asEngineError, toFailure } from './clickhouse-error.ts';
import { SqlRejectedError } from './errors.ts';
import { normalizeQuery, type NormalizedQuery } from './normalize-query.ts';
import { queryJson } from './query-json.ts';

export interface AnalystSqlResult {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** More rows matched than `maxRows`; only the first `maxRows` are in `rows`. */
  truncated: boolean;
}

/**
 * Proves `sql` is one SELECT over allowed tables using ClickHouse's own parser, then runs it
 * limited to `tenantId`.
 *
 * 1. formatQuery, with the text as a bound parameter: one statement, printed back canonically.
 * 2. EXPLAIN AST of that inside a subquery, which ClickHouse accepts only for a SELECT without
 *    FORMAT or INTO OUTFILE; its tree must hold only allowed tables and no table functions,
 *    SETTINGS or functions that read outside the rows.
 * 3. EXPLAIN QUERY TREE, already under the tenant filter: the tables the analyser resolved.
 * 4. The query itself, wrapped so the SETTINGS clause (tenant filter, limits, readonly) is
 *    unambiguously the outermost query's.
 */
export async function runAnalystSql(
  client: ClickHouseClient,
  tenantId: string,
  sql: string,
  opts: AnalystSqlOptions,
): Promise<AnalystSqlResult> {
  assertOptions(opts);
  const explainSettings = analystSettings(tenantId, opts, 'explain');
  const runSettings = analystSettings(tenantId, opts, 'run');

  const query = await normalizeQuery(client, sql);
  checkAst(await explainAst(client, query), query);
  checkQueryTree(await explainQueryTree(client, query.sql, explainSettings), query.database);

  let result;
  try {
    result = await queryJson(client, `SELECT * FROM (${query.sql}) ${runSettings}`);
  } catch (e) {
    throw toFailure(e);
  }
  return {
    columns: result.meta?.map(({ name, type }) => ({ name, type })) ?? [],
    rows: result.data.slice(0, opts.maxRows),
    truncated: result.data.length > opts.maxRows,
  };
}

async function explainAst(client: ClickHouseClient, query: NormalizedQuery) {
  let lines: string[];
  try {
    const result = await queryJson<{ explain: string }>(client, `SELECT explain FROM (EXPLAIN AST ${query.sql})`);
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

async function explainQueryTree(client: ClickHouseClient, sql: string, settings: string): Promise<string[]> {
  try {
    const result = await queryJson<{ explain: string }>(client, `SELECT explain FROM (EXPLAIN QUERY TREE ${sql}) ${settings}`);
    return result.data.map((r) => r.explain);
  } catch (e) {
    // The analyser's verdicts (unknown column, wrong types) are the analyst's to fix.
    throw toFailure(e);
  }
}
