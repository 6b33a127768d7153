import { ANALYST_TABLES } from './analyst-tables.ts';
import type { AstNode } from './ast-dump.ts';
import { isDeniedFunction, isInFunction } from './denied-functions.ts';
import { SqlForbiddenError, SqlRejectedError } from './errors.ts';

export interface CatalogView {
  /** The database unqualified names resolve in. */
  database: string;
  /** Every table, view and dictionary an unqualified name could resolve to. */
  tableNames: ReadonlySet<string>;
}

export interface CheckedQuery extends CatalogView {
  /** The printed query with quoted text blanked (see normalizeQuery). */
  bare: string;
}

/** Who asks: the tables the caller may read, and the role that decided it (for the refusal). */
export interface Reader {
  tables: readonly string[];
  role?: string;
}

type Scope = CatalogView & Reader;

/**
 * Clauses that reach a table's storage rather than its rows. The tables are subqueries by the time
 * the query runs (tenant-scope.ts), where ClickHouse refuses these anyway; refusing them here says
 * so plainly. Keywords are printed upper-case and quoted text is blanked, so a match is the clause.
 */
const STORAGE_CLAUSES: readonly [RegExp, string][] = [
  [/ PREWHERE /, 'PREWHERE is not allowed: write WHERE'],
  [/ FINAL\b/, 'FINAL is not allowed'],
  [/ SAMPLE /, 'SAMPLE is not allowed'],
];

/** MergeTree's virtual columns: they describe storage (parts, blocks, offsets), which tenants share. */
const VIRTUAL_COLUMN =
  /^_(part|partition|block|row_exists|sample_factor|table|database|shard|disk|distance|part_granule)/;

/**
 * EXPLAIN inside a subquery adds `FROM system.one` to every SELECT without a FROM, so the dump
 * cannot tell that from one the analyst wrote; the printed query can.
 */
const IMPLICIT_TABLE = 'system.one';
const WRITTEN_IMPLICIT_TABLE = /(^|[^\w.`"])system\.one\b/;

/**
 * Node kinds a SELECT is made of, as far as analysts need them. Anything else (a SETTINGS clause,
 * a query parameter, syntax added in a later ClickHouse) is refused rather than guessed at.
 */
const PLAIN_NODES = new Set([
  'SelectWithUnionQuery',
  'SelectIntersectExceptQuery',
  'SelectQuery',
  'ExpressionList',
  'WithElement',
  'Subquery',
  'TablesInSelectQuery',
  'TablesInSelectQueryElement',
  'TableJoin',
  'ArrayJoin',
  'Identifier',
  'Literal',
  'Asterisk',
  'QualifiedAsterisk',
  'ColumnsRegexpMatcher',
  'ColumnsListMatcher',
  'QualifiedColumnsRegexpMatcher',
  'QualifiedColumnsListMatcher',
  'ColumnsTransformerList',
  'ColumnsApplyTransformer',
  'ColumnsExceptTransformer',
  'ColumnsReplaceTransformer',
  'ColumnsReplaceTransformer::Replacement',
  'OrderByElement',
  'WindowListElement',
  'WindowDefinition',
  'InterpolateElement',
  'SampleRatio',
]);

/**
 * Walks the parsed query and refuses anything that could read past the allowed tables or change
 * how the query runs. Which tables unqualified names really resolve to is confirmed afterwards from
 * ClickHouse's analysed query tree; this pass runs first because analysing a query already runs
 * its table functions (schema inference) and scalar subqueries.
 */
export function checkAst(root: AstNode, query: CheckedQuery, reader: Reader): void {
  if (root.type !== 'SelectWithUnionQuery' || root.children.length !== 1) {
    throw new SqlRejectedError('only a plain SELECT statement is allowed');
  }
  if (WRITTEN_IMPLICIT_TABLE.test(query.bare)) throw new SqlRejectedError(`table ${IMPLICIT_TABLE} is not allowed`);
  for (const [clause, refusal] of STORAGE_CLAUSES) if (clause.test(query.bare)) throw new SqlRejectedError(refusal);
  visit(root, { ...query, ...reader });
}

function visit(node: AstNode, catalog: Scope): void {
  switch (node.type) {
    case 'Set':
      throw new SqlRejectedError('SETTINGS are not allowed in the query');
    case 'TableExpression': {
      const source = node.children[0];
      if (source?.type === 'Function') throw new SqlRejectedError(`table function ${source.name}() is not allowed`);
      break;
    }
    case 'TableIdentifier':
      checkTable(node.name, catalog);
      break;
    case 'Function':
      checkFunction(node);
      break;
    case 'Identifier': {
      const last = node.name.slice(node.name.lastIndexOf('.') + 1);
      if (VIRTUAL_COLUMN.test(last)) throw new SqlRejectedError(`virtual column ${last} is not allowed`);
      break;
    }
    default:
      if (!PLAIN_NODES.has(node.type)) throw new SqlRejectedError(`unsupported syntax in the query (${node.type})`);
  }
  for (const child of node.children) visit(child, catalog);
}

/**
 * Only unqualified names of the caller's tables pass: each is a CTE of the tenant's rows when the
 * query runs, which a database-qualified name would bypass. The dump prints `db.table` and a quoted
 * single name containing a dot alike, so anything with a dot is refused. An unqualified name that
 * is no table of the database can only be a CTE (or nothing); one that is a table must be allowed.
 */
function checkTable(name: string, scope: Scope): void {
  if (name === IMPLICIT_TABLE) return;
  const table = ANALYST_TABLES.find((t) => name === t || name === `${scope.database}.${t}`);
  if (table && name !== table) throw new SqlRejectedError(`write ${table} without a database name`);
  if (table && !scope.tables.includes(table)) {
    throw new SqlForbiddenError(table, `the ${scope.role ?? 'caller'} role may not read ${table}`);
  }
  if (table) return;
  if (name.includes('.') || scope.tableNames.has(name)) throw new SqlRejectedError(`table ${name} is not allowed`);
}

function checkFunction(node: AstNode): void {
  if (isDeniedFunction(node.name)) throw new SqlRejectedError(`function ${node.name}() is not allowed`);
  if (!isInFunction(node.name)) return;
  const set = node.children[0]?.children[1];
  if (!set || set.type === 'Subquery' || set.type === 'Literal') return;
  // Lists, and array literals, which the parser wraps in a cast to their type.
  if (set.type === 'Function' && ['tuple', 'array', '_cast', 'cast'].includes(set.name.toLowerCase())) return;
  const what = set.type === 'Identifier' ? set.name : set.type === 'Function' ? `${set.name}()` : set.type;
  throw new SqlRejectedError(`IN ${what} is not allowed: IN takes a list of values or a subquery (IN (SELECT ...))`);
}
