import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { StorageError } from '../errors.ts';

/** A statement and its bound parameters; values never enter the SQL text. */
export interface SqlQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** ClickHouse's own accounting of one query (the `statistics` block of its JSON output). */
export interface QueryStats {
  rowsRead: number;
  bytesRead: number;
  elapsedMs: number;
}

interface JsonResult {
  data: unknown[];
  statistics?: { rows_read: number | string; bytes_read: number | string; elapsed: number };
}

/**
 * Runs a SELECT and parses every row with its zod schema. The JSON format (rather than
 * JSONEachRow) is used because it carries ClickHouse's read statistics on both chDB and a server,
 * which metrics and tests rely on; reads that page stay small enough to hold whole.
 */
export async function selectRows<S extends z.ZodType>(
  client: ClickHouseClient,
  q: SqlQuery,
  row: S,
): Promise<{ rows: z.infer<S>[]; stats: QueryStats }> {
  let json: JsonResult;
  try {
    const result = await client.query({ query: q.sql, query_params: q.params, format: 'JSON' });
    json = (await result.json()) as unknown as JsonResult;
  } catch (cause) {
    throw new StorageError('STORAGE_QUERY_FAILED', `query failed: ${(cause as Error).message}`, { cause });
  }
  const s = json.statistics;
  return {
    rows: json.data.map((r) => row.parse(r)),
    stats: {
      rowsRead: Number(s?.rows_read ?? 0),
      bytesRead: Number(s?.bytes_read ?? 0),
      elapsedMs: (s?.elapsed ?? 0) * 1000,
    },
  };
}

/** `fromUnixTimestamp64Milli` keeps parameters as integers, so no time ever goes through a string format. */
export const msParam = (name: string) => `fromUnixTimestamp64Milli({${name}:Int64}, 'UTC')`;
