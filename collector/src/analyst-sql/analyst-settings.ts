import { sqlString } from './sql-string.ts';

export interface AnalystSqlOptions {
  /** Most rows returned; more are cut off and the result marked truncated. */
  maxRows: number;
  /** ClickHouse stops the query after this long (checked between blocks, which are kept small). */
  timeoutSeconds: number;
  /**
   * Most memory the query may use; 512 MiB unless given. With chDB the engine lives in this
   * process, so a query without a cap could take the whole collector down with it.
   */
  maxMemoryBytes?: number;
  /** Most rows the query may read from storage, all tables together; 50 million unless given. */
  maxRowsToRead?: number;
}

const DEFAULT_MAX_MEMORY_BYTES = 512 * 1024 ** 2;
const DEFAULT_MAX_ROWS_TO_READ = 50_000_000;
/** Every limit below is checked as blocks pass between steps; small blocks make the checks frequent. */
const BLOCK_ROWS = 4096;

/**
 * The statement's own SETTINGS clause. They must never go through the client's
 * `clickhouse_settings`: chDB turns those into session-wide SETs that would persist into every
 * later query on the connection.
 *
 * What confines the query to the tenant is not here but in tenant-scope.ts (each table is a
 * subquery of the tenant's rows). These are the limits: time, memory, rows and bytes read, joins,
 * sets and results, each one refusing (`throw`) rather than silently cutting a result short.
 * `logComment` names the query in `system.processes`, so it can be killed when its caller hangs up.
 */
export function analystSettings(opts: AnalystSqlOptions, stage: 'explain' | 'run', logComment: string): string {
  const memory = opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  const settings = [
    'enable_analyzer = 1',
    `max_execution_time = ${opts.timeoutSeconds}`,
    "timeout_overflow_mode = 'throw'",
    `max_memory_usage = ${memory}`,
    `max_rows_to_read = ${opts.maxRowsToRead ?? DEFAULT_MAX_ROWS_TO_READ}`,
    `max_bytes_to_read = ${8 * memory}`,
    "read_overflow_mode = 'throw'",
    `max_block_size = ${BLOCK_ROWS}`,
    `max_joined_block_size_rows = ${BLOCK_ROWS}`,
    `max_rows_in_join = 5000000`,
    `max_bytes_in_join = ${Math.floor(memory / 2)}`,
    "join_overflow_mode = 'throw'",
    `max_rows_in_set = 5000000`,
    `max_bytes_in_set = ${Math.floor(memory / 2)}`,
    "set_overflow_mode = 'throw'",
    // Far above `maxRows`, which `limit` enforces: this only stops a subquery from building a huge result.
    'max_result_rows = 10000000',
    `max_result_bytes = ${Math.floor(memory / 2)}`,
    "result_overflow_mode = 'throw'",
    // range() and friends build arrays inside one block, where no time check can reach.
    'function_range_max_elements_in_block = 10000000',
    // One core for analysts, leaving the others to ingest.
    'max_threads = 1',
    'os_thread_priority = 19',
    'use_query_cache = 0',
    'allow_introspection_functions = 0',
    `log_comment = ${sqlString(logComment)}`,
  ];
  if (stage === 'run') {
    settings.push(
      // `limit` caps the outer query only.
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
  if (!Number.isSafeInteger(opts.maxRows) || opts.maxRows < 1)
    throw new RangeError(`maxRows must be a positive integer, not ${opts.maxRows}`);
  if (!Number.isFinite(opts.timeoutSeconds) || opts.timeoutSeconds <= 0) {
    throw new RangeError(`timeoutSeconds must be a positive number, not ${opts.timeoutSeconds}`);
  }
  for (const [name, v] of [
    ['maxMemoryBytes', opts.maxMemoryBytes],
    ['maxRowsToRead', opts.maxRowsToRead],
  ] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) {
      throw new RangeError(`${name} must be a positive integer, not ${v}`);
    }
  }
}
