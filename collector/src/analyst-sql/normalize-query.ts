import type { ClickHouseClient } from '@clickhouse/client';
import type { CatalogView } from './check-ast.ts';
import { asEngineError } from './clickhouse-error.ts';
import { SqlRejectedError } from './errors.ts';
import { queryJson } from './query-json.ts';

/** Far beyond any hand-written query, and below ClickHouse's max_query_size (256 KiB). */
const MAX_SQL_LENGTH = 100_000;

export interface NormalizedQuery extends CatalogView {
  /** The query as ClickHouse prints it back from its own parse: one line, no comments, keywords upper-cased. */
  sql: string;
  /** `sql` with the insides of string literals and quoted names blanked, for looking at keywords. */
  bare: string;
}

type Lookup = { sql: string; again: string; database: string; tables: string[] };

/**
 * Has ClickHouse parse the analyst's text, which travels only as a bound parameter, and print it
 * back. formatQuery refuses text holding more than one statement, and the printed form is a fixed
 * point of the parser (formatting it again changes nothing), so it is exactly one statement with
 * balanced parentheses; only it is ever put into SQL that runs, and only inside parentheses.
 */
export async function normalizeQuery(
  client: ClickHouseClient,
  text: string,
  queryId: string,
): Promise<NormalizedQuery> {
  if (text.trim() === '') throw new SqlRejectedError('the query is empty');
  if (text.length > MAX_SQL_LENGTH) throw new SqlRejectedError(`the query is longer than ${MAX_SQL_LENGTH} characters`);
  let row: Lookup | undefined;
  try {
    const result = await queryJson<Lookup>(
      client,
      `SELECT formatQuerySingleLine({q:String}) AS sql, formatQuerySingleLine(sql) AS again, currentDatabase() AS database,
        (SELECT groupArray(name) FROM system.tables WHERE database = currentDatabase() OR is_temporary) AS tables`,
      queryId,
      { q: text },
    );
    row = result.data[0];
  } catch (e) {
    const engine = asEngineError(e);
    if (!engine) throw e;
    if (engine.message.includes('Multi-statements are not allowed'))
      throw new SqlRejectedError('only one SELECT statement is allowed');
    // Drop the "In scope SELECT formatQuerySingleLine(...)" tail: it names this wrapper, not the analyst's query.
    throw new SqlRejectedError(
      `the query does not parse: ${engine.message.replace(/:?\s*In scope SELECT formatQuerySingleLine[\s\S]*$/, '')}`,
    );
  }
  if (!row) throw new SqlRejectedError('the query could not be checked');
  if (row.again !== row.sql)
    throw new SqlRejectedError('the query could not be checked: ClickHouse does not print it back consistently');
  return {
    sql: row.sql,
    bare: blankQuoted(row.sql),
    database: row.database,
    tableNames: new Set(row.tables),
  };
}

/**
 * Blanks what is inside quotes. On the way it refuses what could mislead the checks downstream:
 * `EXPLAIN AST` prints names unescaped, so a quoted name holding a line break could pose as extra
 * lines of the tree. The printed query writes such characters as escapes inside quotes, so any
 * escape in a quoted name is refused, and any raw control character at all.
 */
function blankQuoted(sql: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c < ' ' || c === '\u007f') throw new SqlRejectedError('the query contains control characters');
    if (quote === undefined) {
      if (c === "'" || c === '`' || c === '"') quote = c;
      out += c;
    } else if (c === quote) {
      quote = undefined;
      out += c;
    } else if (c === '\\') {
      if (quote !== "'") throw new SqlRejectedError('quoted names may not contain escape sequences');
      i++;
    }
  }
  return out;
}
