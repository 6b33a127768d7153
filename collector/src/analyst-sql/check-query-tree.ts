import { ANALYST_TABLES } from './analyst-tables.ts';
import { SqlRejectedError } from './errors.ts';

// What a SELECT without FROM reads; the parsed-query check refuses it when written out.
const IMPLICIT_TABLE = 'system.one';

/**
 * Checks the tables ClickHouse's analyser actually resolved, from `EXPLAIN QUERY TREE` lines such
 * as `TABLE id: 3, alias: __table1, table_name: default.call_logs, final: 1`. This settles what
 * the parsed query cannot: which name was a CTE and which a table.
 */
export function checkQueryTree(lines: readonly string[], database: string): void {
  const allowed = new Set([IMPLICIT_TABLE, ...ANALYST_TABLES.map((t) => `${database}.${t}`)]);
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('TABLE_FUNCTION id: ')) {
      throw new SqlRejectedError(`table function ${after(line, 'table_function_name: ')}() is not allowed`);
    }
    if (line.startsWith('TABLE id: ')) {
      // The table name is printed after any alias, so the last label is the real one.
      const name = after(line, 'table_name: ');
      if (!allowed.has(name)) throw new SqlRejectedError(`table ${name} is not allowed`);
    }
  }
}

function after(line: string, label: string): string {
  const at = line.lastIndexOf(label);
  if (at < 0) return '?';
  const value = line.slice(at + label.length);
  const end = value.indexOf(', ');
  return end < 0 ? value : value.slice(0, end);
}
