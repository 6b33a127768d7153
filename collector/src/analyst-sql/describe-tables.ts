import { ANALYST_TABLES, analystTable } from './analyst-tables.ts';
import { SqlForbiddenError, SqlRejectedError } from './errors.ts';
import type { NormalizedQuery } from './normalize-query.ts';

export interface MetaAnswer {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}

/** `DESCRIBE TABLE x` as ClickHouse prints it back: one name, backquoted only when it must be. */
const DESCRIBE = /^DESCRIBE TABLE (`?)([^`]+)\1$/;
const SHOW_TABLES = 'SHOW TABLES';
const STRING = 'String';

/**
 * `DESCRIBE <table>` and `SHOW TABLES`, answered by Loupe from the declared analyst columns
 * (schemas/src/analyst-columns.ts) instead of by ClickHouse, so they can name only the analyst
 * tables the caller may read and only the columns the tenant scope shows: never a control table,
 * nor a stored aggregate state. Anything else that is not a SELECT falls through to the checks,
 * which refuse it. `query.sql` is ClickHouse's own print of the text, so `desc sessions;` and
 * `DESCRIBE TABLE sessions` arrive alike.
 */
export function answerMetaQuery(
  query: Pick<NormalizedQuery, 'sql' | 'bare'>,
  tables: readonly string[],
  role?: string,
): MetaAnswer | undefined {
  if (query.sql === SHOW_TABLES) {
    return { columns: [{ name: 'name', type: STRING }], rows: [...tables].sort().map((name) => ({ name })) };
  }
  if (query.bare.startsWith('SHOW ')) {
    throw new SqlRejectedError('of the SHOW statements only SHOW TABLES is allowed (DESCRIBE <table> lists columns)');
  }
  if (!query.bare.startsWith('DESCRIBE ')) return undefined;
  const name = DESCRIBE.exec(query.sql)?.[2];
  if (name === undefined) throw new SqlRejectedError('DESCRIBE takes one analyst table by name: DESCRIBE sessions');
  if (!ANALYST_TABLES.includes(name)) {
    throw new SqlRejectedError(`DESCRIBE answers only the analyst tables (${ANALYST_TABLES.join(', ')})`);
  }
  if (!tables.includes(name)) throw new SqlForbiddenError(name, `the ${role ?? 'caller'} role may not read ${name}`);
  return {
    columns: ['name', 'type', 'comment'].map((n) => ({ name: n, type: STRING })),
    rows: analystTable(name).columns.map(({ name: n, type, description }) => ({ name: n, type, comment: description })),
  };
}
