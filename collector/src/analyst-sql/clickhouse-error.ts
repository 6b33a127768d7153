import { SqlFailedError } from './errors.ts';

export interface EngineError {
  message: string;
  code: string;
  type: string;
}

/**
 * ClickHouse errors arrive as the client's ClickHouseError, but chDB builds them with its own copy
 * of the client library, so `instanceof` is unreliable: recognise them by shape instead.
 */
export function asEngineError(e: unknown): EngineError | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, type } = e as Error & { code?: unknown; type?: unknown };
  if ((typeof code !== 'string' && typeof code !== 'number') || typeof type !== 'string') return undefined;
  return { message: e.message.trim(), code: String(code), type };
}

// TIMEOUT_EXCEEDED, and TOO_SLOW when ClickHouse predicts the time limit will be exceeded.
const TIMEOUT_TYPES = new Set(['TIMEOUT_EXCEEDED', 'TOO_SLOW']);

/**
 * The limits' own words. ClickHouse's say how many rows or bytes were read so far, which counts
 * storage (granules can hold other tenants' rows too), not the analyst's rows.
 */
const LIMIT_MESSAGES: Readonly<Record<string, string>> = {
  TIMEOUT_EXCEEDED: 'the query ran past its time limit',
  TOO_SLOW: 'the query would run past its time limit',
  TOO_MANY_ROWS: 'the query reads more rows than allowed',
  TOO_MANY_BYTES: 'the query reads more bytes than allowed',
  TOO_MANY_ROWS_OR_BYTES: 'the query builds a result (or a subquery result) larger than allowed',
  MEMORY_LIMIT_EXCEEDED: 'the query needs more memory than allowed',
  SET_SIZE_LIMIT_EXCEEDED: 'the query builds a set (IN, DISTINCT, a join) larger than allowed',
  QUERY_WAS_CANCELLED: 'the query was cancelled',
};

/**
 * ClickHouse's message about a failed query, kept to what the analyst wrote. Messages can quote
 * values from rows (`Cannot parse string 'tenant-a|bot|...' as UInt64`), so every quoted string and
 * every number that is not in the analyst's own query text is blanked, and the trailing echo of the
 * whole query (`In scope SELECT ...`, which names the tenant-scoped wrapper) is cut.
 */
export function analystMessage(engine: EngineError, query: string): string {
  const fixed = LIMIT_MESSAGES[engine.type];
  if (fixed) return fixed;
  const head = engine.message
    .replace(/^Code: \d+\. (DB::Exception: )?/, '')
    .split(/[.:]?\s+(?:[Ii]n scope |In query |While processing |[Ww]hile executing |\(version )/)[0]!
    .trim();
  return head
    .replace(/'((?:[^'\\]|\\.)*)'/g, (whole, inner: string) => (query.includes(inner) ? whole : "'…'"))
    .replace(/(?<![\w.])\d[\d.]*(?![\w])/g, (n) => (query.includes(n) ? n : '…'));
}

/**
 * Engine errors become SqlFailedError, their message kept to the query; anything else (a closed
 * connection) is not the analyst's doing and passes through.
 */
export function toFailure(e: unknown, query: string): unknown {
  const engine = asEngineError(e);
  if (!engine) return e;
  const code = TIMEOUT_TYPES.has(engine.type) ? 'SQL_TIMEOUT' : 'SQL_FAILED';
  return new SqlFailedError(code, analystMessage(engine, query), { code: engine.code, type: engine.type });
}
