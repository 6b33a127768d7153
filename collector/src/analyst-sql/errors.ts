/**
 * The analyst's SQL was refused before it ran: it is not one SELECT over the allowed tables, or it
 * uses something that could reach past the caller's tenant. The message says what, for the analyst.
 */
export class SqlRejectedError extends Error {
  override readonly name = 'SqlRejectedError';
  readonly code = 'SQL_REJECTED' as const;

  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * ClickHouse refused or aborted an accepted query (unknown column, type mismatch, time limit).
 * The message is ClickHouse's own, which is what the analyst needs to fix the query; the engine
 * error is not kept as a cause so no stack or embedded-engine detail travels with it.
 */
export class SqlFailedError extends Error {
  override readonly name = 'SqlFailedError';

  constructor(
    readonly code: 'SQL_FAILED' | 'SQL_TIMEOUT',
    message: string,
    /** ClickHouse's numeric error code and its name, e.g. '47' and 'UNKNOWN_IDENTIFIER', when known. */
    readonly clickhouse?: { code: string; type: string },
    /** Settles when the engine is really done, if it was still computing when the caller was answered. */
    readonly running?: Promise<unknown>,
  ) {
    super(message);
  }
}

/** The query names a table the caller's role may not read (seed 001: call logs, for an Admin). */
export class SqlForbiddenError extends Error {
  override readonly name = 'SqlForbiddenError';
  readonly code = 'TABLE_FORBIDDEN' as const;

  constructor(
    readonly table: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** The tenant already has its share of analyst queries running or waiting (tenant-slots.ts). */
export class SqlBusyError extends Error {
  override readonly name = 'SqlBusyError';
  readonly code = 'SQL_BUSY' as const;

  constructor(readonly perTenant: number) {
    super(`${perTenant} queries of this tenant are already running or waiting; retry when one ends`);
  }
}
