import { ANALYST_TABLES } from './analyst-tables.ts';
import { sqlString } from './sql-string.ts';

export interface AnalystSqlOptions {
  /** Most rows returned; more are cut off and the result marked truncated. */
  maxRows: number;
  /** ClickHouse stops the query after this long (it checks between blocks, so allow some slack). */
  timeoutSeconds: number;
  /**
   * Most memory the query may use; 1 GiB unless given. With chDB the engine lives in this process,
   * so a query without a cap could take the whole collector down with it.
   */
  maxMemoryBytes?: number;
}

const DEFAULT_MAX_MEMORY_BYTES = 1024 ** 3;

const TENANT_ID = /^[A-Za-z0-9_-]+$/;

/**
 * The statement's own SETTINGS clause. They must never go through the client's
 * `clickhouse_settings`: chDB turns those into session-wide SETs that would then filter, or fail to
 * filter, every later query in the process.
 *
 * `additional_table_filters` is what confines the query to the tenant: ClickHouse adds the filter
 * to every read of each listed table, in subqueries, CTEs, joins and unions alike, whether the
 * table is named plainly or with its database. The analyser is forced on because the table check
 * ran against its query tree.
 */
export function analystSettings(tenantId: string, opts: AnalystSqlOptions, stage: 'explain' | 'run'): string {
  if (!TENANT_ID.test(tenantId)) throw new Error(`invalid tenant id ${JSON.stringify(tenantId)}`);
  const tenantFilter = sqlString(`tenant_id = ${sqlString(tenantId)}`);
  const filters = ANALYST_TABLES.map((t) => `${sqlString(t)}: ${tenantFilter}`).join(', ');
  const settings = [
    `additional_table_filters = {${filters}}`,
    'enable_analyzer = 1',
    `max_execution_time = ${opts.timeoutSeconds}`,
    `max_memory_usage = ${opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES}`,
    "timeout_overflow_mode = 'throw'",
    'allow_introspection_functions = 0',
  ];
  if (stage === 'run') {
    settings.push(
      // `limit` caps the outer query only; max_result_rows would also cut subqueries short, silently, in 'break' mode.
      `limit = ${opts.maxRows + 1}`,
      // Exact 64-bit integers (as strings), since JSON numbers lose precision past 2^53.
      'output_format_json_quote_64bit_integers = 1',
      'readonly = 1',
    );
  } else {
    // EXPLAIN in a subquery is refused at readonly = 1; 2 still forbids writes.
    settings.push('readonly = 2');
  }
  return `SETTINGS ${settings.join(', ')}`;
}

export function assertOptions(opts: AnalystSqlOptions): void {
  if (!Number.isSafeInteger(opts.maxRows) || opts.maxRows < 1) throw new RangeError(`maxRows must be a positive integer, not ${opts.maxRows}`);
  if (!Number.isFinite(opts.timeoutSeconds) || opts.timeoutSeconds <= 0) {
    throw new RangeError(`timeoutSeconds must be a positive number, not ${opts.timeoutSeconds}`);
  }
  if (opts.maxMemoryBytes !== undefined && (!Number.isSafeInteger(opts.maxMemoryBytes) || opts.maxMemoryBytes < 1)) {
    throw new RangeError(`maxMemoryBytes must be a positive integer, not ${opts.maxMemoryBytes}`);
  }
}
