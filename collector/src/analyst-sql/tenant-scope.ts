import { CALL_LOG_TABLE, SESSION_NOTES_TABLE } from '@loupe/schemas';
import { sqlString } from './sql-string.ts';

const TENANT_ID = /^[A-Za-z0-9_-]+$/;

/** A name in backquotes, for names this module controls (tables, their columns, the database). */
export const quoteName = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

/**
 * Rows a table's own read routes hide too: seed 001's call logs past their retention, until TTL
 * drops their part; deleted notes, whose latest version (FINAL, see ScopeTable) says so.
 */
export const VISIBLE: Readonly<Record<string, string>> = {
  [CALL_LOG_TABLE]: 'ts + toIntervalDay(retention_days) > now64(3)',
  [SESSION_NOTES_TABLE]: 'NOT deleted',
};

export interface ScopeTable {
  name: string;
  /** The columns analysts see, in order: a stored column by name, or one computed by `expr`. */
  columns: readonly { name: string; expr?: string }[];
  /** Merges the stored rows into one per distinct value of these (the sessions summary's states). */
  groupBy?: readonly string[];
  /** Reads the latest version of each row (a ReplacingMergeTree: session notes, deleted by a newer version). */
  final?: boolean;
}

/**
 * Puts the analyst's query where each allowed table name means only the tenant's rows: a CTE per
 * table, `call_logs AS (SELECT <columns> FROM db.call_logs PREWHERE tenant_id = '<tenant>')`, which
 * every unqualified `call_logs` in the query, however deeply nested, resolves to (database-qualified
 * names are refused beforehand, and check-query-tree.ts confirms every read of a table is one of
 * these). What the analyst writes then runs over a subquery, which is why it holds by construction:
 * ClickHouse refuses PREWHERE, FINAL and SAMPLE on a subquery and knows no virtual columns (`_part`,
 * `_part_offset`, `_block_number`) there, and the tenant condition, in the read step's own PREWHERE,
 * drops other tenants' rows from a block before any expression of the analyst's sees it. A table
 * with `groupBy` (sessions) merges its aggregate states in the same CTE, after that PREWHERE, so
 * analysts see one plain row per session and never a state or another tenant's row.
 */
export function scopeToTenant(sql: string, tenantId: string, database: string, tables: readonly ScopeTable[]): string {
  if (!TENANT_ID.test(tenantId)) throw new Error(`invalid tenant id ${JSON.stringify(tenantId)}`);
  if (tables.length === 0) throw new Error('no table to scope');
  const ctes = tables.map(({ name, columns, groupBy, final }) => {
    if (columns.length === 0) throw new Error(`table ${name} has no columns`);
    const visible = VISIBLE[name] ? ` WHERE ${VISIBLE[name]}` : '';
    // FINAL before the tenant's PREWHERE is sound here: tenant_id leads the sorting key, so the
    // condition drops whole rows of other tenants, never some versions of one row.
    const table = `${quoteName(database)}.${quoteName(name)}${final ? ' FINAL' : ''}`;
    // Expressions come from schemas/ (analyst-columns.ts), never from a caller.
    const list = columns.map((c) => (c.expr ? `${c.expr} AS ${quoteName(c.name)}` : quoteName(c.name)));
    const group = groupBy?.length ? ` GROUP BY ${groupBy.map(quoteName).join(', ')}` : '';
    const select = `SELECT ${list.join(', ')} FROM ${table}`;
    return `${quoteName(name)} AS (${select} PREWHERE tenant_id = ${sqlString(tenantId)}${visible}${group})`;
  });
  return `WITH ${ctes.join(', ')} SELECT * FROM (${sql})`;
}
