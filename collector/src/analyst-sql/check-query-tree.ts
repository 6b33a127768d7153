import { ANALYST_TABLES } from './analyst-tables.ts';
import { SqlRejectedError } from './errors.ts';

// What a SELECT without FROM reads; the parsed-query check refuses it when written out.
const IMPLICIT_TABLE = 'system.one';

interface Line {
  text: string;
  children: Line[];
}

/**
 * Checks the tables ClickHouse's analyser actually resolved in the tenant-scoped query, from
 * `EXPLAIN QUERY TREE` lines such as `TABLE id: 3, alias: __table1, table_name: default.call_logs`.
 * It settles what the parsed query cannot (which name was a CTE and which a table), and it proves
 * the construction held: every read of an analyst table is the whole FROM of a CTE named for that
 * table, with a PREWHERE (the tenant condition of tenant-scope.ts, since the analyst's own PREWHERE
 * is refused before), and only for the tables the caller may read.
 */
export function checkQueryTree(lines: readonly string[], database: string, tables: readonly string[]): void {
  const open = new Map(tables.filter((t) => ANALYST_TABLES.includes(t)).map((t) => [`${database}.${t}`, t]));
  const visit = (node: Line, ancestors: Line[]) => {
    const text = node.text;
    if (text.startsWith('TABLE_FUNCTION id: ')) {
      throw new SqlRejectedError(`table function ${after(text, 'table_function_name: ')}() is not allowed`);
    }
    if (text.startsWith('TABLE id: ')) {
      // The table name is printed after any alias, so the last label is the real one.
      const name = after(text, 'table_name: ');
      if (name !== IMPLICIT_TABLE) {
        const table = open.get(name);
        if (!table) throw new SqlRejectedError(`table ${name} is not allowed`);
        if (!isScopedRead(table, ancestors)) {
          throw new SqlRejectedError(`the query could not be checked: ${table} is read outside its tenant scope`);
        }
      }
    }
    for (const child of node.children) visit(child, [...ancestors, node]);
  };
  for (const root of parseTree(lines)) visit(root, []);
}

function isScopedRead(table: string, ancestors: readonly Line[]): boolean {
  const joinTree = ancestors[ancestors.length - 1];
  const query = ancestors[ancestors.length - 2];
  if (joinTree?.text !== 'JOIN TREE' || !query?.text.startsWith('QUERY id: ')) return false;
  if (!query.text.endsWith(`, is_cte: 1, cte_name: ${table}`)) return false;
  return query.children.some((c) => c.text === 'PREWHERE');
}

/** Rebuilds the dump's tree from its indentation (two spaces per level). */
function parseTree(lines: readonly string[]): Line[] {
  const roots: Line[] = [];
  const stack: { indent: number; line: Line }[] = [];
  for (const raw of lines) {
    const indent = raw.length - raw.trimStart().length;
    const line: Line = { text: raw.trim(), children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1]!.line.children : roots).push(line);
    stack.push({ indent, line });
  }
  return roots;
}

function after(line: string, label: string): string {
  const at = line.lastIndexOf(label);
  if (at < 0) return '?';
  const value = line.slice(at + label.length);
  const end = value.indexOf(', ');
  return end < 0 ? value : value.slice(0, end);
}
